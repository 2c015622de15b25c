namespace Stagecast.Contracts.Moderation;

/// <summary>
/// An account's standing; <see cref="Until"/> is when a suspension ends. A platform-wide mute is apart from it: a muted
/// account keeps its sessions and may watch, like and gift, but comments nowhere (live chat and video comments) until
/// <see cref="MutedUntil"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.AccountStanding")]
public sealed record AccountStanding(
    [property: Id(0)] StandingStatus Status,
    [property: Id(1)] DateTimeOffset? Until,
    [property: Id(2)] string? Reason,
    [property: Id(3)] DateTimeOffset? MutedUntil = null,
    [property: Id(4)] string? MuteReason = null)
{
    public static readonly AccountStanding Active = new(StandingStatus.Active, null, null);

    public bool IsRestricted => Status != StandingStatus.Active;

    /// <summary>Muted platform-wide now (a mute whose end has passed is not reported at all).</summary>
    public bool IsMuted => MutedUntil is not null;
}
