using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

[GenerateSerializer, Alias("Stagecast.RoomDirectoryState")]
public sealed record RoomDirectoryState
{
    [Id(0)] public Dictionary<string, RoomListing> Rooms { get; init; } = [];
}
