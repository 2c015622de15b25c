namespace Stagecast.Contracts.Wallet;

/// <summary>
/// A verified payment provider event, reduced to what the ledger needs. <paramref name="EventId"/> dedupes it.
/// Refunds and disputes carry amounts: <paramref name="AmountCents"/> (the charge's or the dispute's amount),
/// <paramref name="RefundedCents"/> (the charge's cumulative amount refunded, or one refund's amount when
/// <paramref name="ReferenceId"/> names that refund), the dispute's id and status, and its balance transactions.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.PaymentSignal")]
public sealed record PaymentSignal(
    [property: Id(0)] string EventId,
    [property: Id(1)] PaymentSignalKind Kind,
    [property: Id(2)] string? PurchaseId,
    [property: Id(3)] string? SessionId,
    [property: Id(4)] string? PaymentRef,
    [property: Id(5)] string EventType,
    [property: Id(6)] long? AmountCents = null,
    [property: Id(7)] long? RefundedCents = null,
    [property: Id(8)] string? ReferenceId = null,
    [property: Id(9)] string? DisputeStatus = null,
    [property: Id(10)] IReadOnlyList<DisputeFunds>? Funds = null);
