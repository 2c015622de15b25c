namespace Stagecast.Contracts.Subscriptions;

/// <summary>
/// A verified provider event about a subscription, reduced to what the ledger needs. <paramref name="EventId"/> dedupes
/// it; <paramref name="CreatedAt"/> (the event's creation time) orders snapshots; <paramref name="InvoiceId"/> makes money
/// move once per invoice; <paramref name="PaymentRef"/> (the invoice's payment intent) ties refunds and disputes to it;
/// <paramref name="Funds"/> are a dispute's balance transactions (their fees are booked once each).
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.SubscriptionSignal")]
public sealed record SubscriptionSignal(
    [property: Id(0)] string EventId,
    [property: Id(1)] string EventType,
    [property: Id(2)] SubscriptionSignalKind Kind,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] string? SubscriptionId = null,
    [property: Id(5)] string? ProviderRef = null,
    [property: Id(6)] string? InvoiceId = null,
    [property: Id(7)] long? AmountCents = null,
    [property: Id(8)] DateTimeOffset? PeriodEnd = null,
    [property: Id(9)] string? ProviderStatus = null,
    [property: Id(10)] bool? CancelAtPeriodEnd = null,
    [property: Id(11)] string? PaymentRef = null,
    [property: Id(12)] long? RefundedCents = null,
    [property: Id(13)] string? ReferenceId = null,
    [property: Id(14)] string? DisputeStatus = null,
    [property: Id(15)] IReadOnlyList<Wallet.DisputeFunds>? Funds = null);
