namespace Stagecast.Contracts.Subscriptions;

/// <summary>A creator's subscription income: invoices paid, their cents, cents taken back, diamonds earned net of clawbacks, and per-day diamonds.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.SubscriptionEarnings")]
public sealed record SubscriptionEarnings(
    [property: Id(0)] long Invoices,
    [property: Id(1)] long PaidCents,
    [property: Id(2)] long TakenBackCents,
    [property: Id(3)] long Diamonds,
    [property: Id(4)] IReadOnlyList<EarningDay> Days);
