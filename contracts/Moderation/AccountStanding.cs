namespace Stagecast.Contracts.Moderation;

/// <summary>An account's standing; <see cref="Until"/> is when a suspension ends.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.AccountStanding")]
public sealed record AccountStanding(
    [property: Id(0)] StandingStatus Status,
    [property: Id(1)] DateTimeOffset? Until,
    [property: Id(2)] string? Reason)
{
    public static readonly AccountStanding Active = new(StandingStatus.Active, null, null);

    public bool IsRestricted => Status != StandingStatus.Active;
}
