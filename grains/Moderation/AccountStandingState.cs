namespace Stagecast.Grains.Moderation;

[GenerateSerializer, Alias("Stagecast.AccountStandingState")]
public sealed record AccountStandingState
{
    [Id(0)] public bool Restricted { get; init; }
    /// <summary>When a suspension ends; null with <see cref="Restricted"/> is a ban.</summary>
    [Id(1)] public DateTimeOffset? Until { get; init; }
    [Id(2)] public string? Reason { get; init; }
    /// <summary>When a platform-wide mute ends; null when the account is not muted. Kept apart from a suspension or ban.</summary>
    [Id(3)] public DateTimeOffset? MutedUntil { get; init; }
    [Id(4)] public string? MuteReason { get; init; }
}
