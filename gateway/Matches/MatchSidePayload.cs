using MessagePack;
using Stagecast.Gateway.Rooms.Payloads;

namespace Stagecast.Gateway.Matches;

/// <summary>One side: room, host, score and the top three gifters; <c>outcome</c> is win, lose or draw once the match ended.</summary>
[MessagePackObject]
public sealed record MatchSidePayload(
    [property: Key("roomId")] string RoomId,
    [property: Key("hostId")] string HostId,
    [property: Key("score")] long Score,
    [property: Key("mvps")] IReadOnlyList<TopGifterPayload> Mvps,
    [property: Key("outcome")] string? Outcome);
