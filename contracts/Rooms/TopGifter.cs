namespace Stagecast.Contracts.Rooms;

/// <summary>One row of a room's top-gifter board (coins spent in the room).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.TopGifter")]
public sealed record TopGifter(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] long Coins);
