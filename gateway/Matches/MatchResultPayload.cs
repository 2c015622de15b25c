using MessagePack;

namespace Stagecast.Gateway.Matches;

/// <summary>The result: the winning room (null for a draw or a match that never ran) and why it ended.</summary>
[MessagePackObject]
public sealed record MatchResultPayload(
    [property: Key("winnerRoomId")] string? WinnerRoomId,
    [property: Key("draw")] bool Draw,
    [property: Key("reason")] string Reason);
