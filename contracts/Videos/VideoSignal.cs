namespace Stagecast.Contracts.Videos;

/// <summary>One engagement event; <paramref name="EventId"/> makes a retried event count once.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.VideoSignal")]
public sealed record VideoSignal(
    [property: Id(0)] string? UserId,
    [property: Id(1)] VideoSignalKind Kind,
    [property: Id(2)] long? WatchedMs,
    [property: Id(3)] string? EventId,
    [property: Id(4)] string? Region = null);
