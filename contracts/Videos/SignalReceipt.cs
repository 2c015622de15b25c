namespace Stagecast.Contracts.Videos;

/// <summary>The answer to an engagement event: the outcome and, when accepted, the video it was about.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.SignalReceipt")]
public sealed record SignalReceipt(
    [property: Id(0)] VideoResult Result,
    [property: Id(1)] VideoCard? Card);
