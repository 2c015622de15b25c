namespace Stagecast.Grains.Moderation;

[GenerateSerializer, Alias("Stagecast.AccountStandingState")]
public sealed record AccountStandingState
{
    [Id(0)] public bool Restricted { get; init; }
    /// <summary>When a suspension ends; null with <see cref="Restricted"/> is a ban.</summary>
    [Id(1)] public DateTimeOffset? Until { get; init; }
    [Id(2)] public string? Reason { get; init; }
}
