using MessagePack;

namespace Stagecast.Gateway.Matches;

/// <summary>A LIVE Match on the wire: the <c>match</c> hub event and <c>GET /api/matches/{matchId}</c>.</summary>
[MessagePackObject]
public sealed record MatchPayload(
    [property: Key("matchId")] string MatchId,
    [property: Key("status")] string Status,
    [property: Key("endsAt")] long? EndsAt,
    [property: Key("inviteExpiresAt")] long? InviteExpiresAt,
    [property: Key("sides")] IReadOnlyList<MatchSidePayload> Sides,
    [property: Key("result")] MatchResultPayload? Result);
