namespace Stagecast.Contracts.Subscriptions;

/// <summary>Diamonds a creator earned from subscriptions on one UTC day (for the dashboard chart).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.EarningDay")]
public sealed record EarningDay([property: Id(0)] string Day, [property: Id(1)] long Diamonds);
