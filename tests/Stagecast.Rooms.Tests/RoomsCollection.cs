namespace Stagecast.Rooms.Tests;

/// <summary>The room tests share one cluster.</summary>
[CollectionDefinition(Name)]
public sealed class RoomsCollection : ICollectionFixture<RoomsCluster>
{
    public const string Name = "rooms";
}
