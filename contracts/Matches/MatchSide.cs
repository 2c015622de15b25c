using Stagecast.Contracts.Rooms;

namespace Stagecast.Contracts.Matches;

/// <summary>One side of a match: its room and host, the score so far and its top three gifters (MVPs).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.MatchSide")]
public sealed record MatchSide(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string HostId,
    [property: Id(2)] long Score,
    [property: Id(3)] IReadOnlyList<TopGifter> Mvps);
