namespace Stagecast.Contracts.Wallet;

/// <summary>A verified payment provider event, reduced to what the ledger needs. <paramref name="EventId"/> dedupes it.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.PaymentSignal")]
public sealed record PaymentSignal(
    [property: Id(0)] string EventId,
    [property: Id(1)] PaymentSignalKind Kind,
    [property: Id(2)] string? PurchaseId,
    [property: Id(3)] string? SessionId,
    [property: Id(4)] string? PaymentRef,
    [property: Id(5)] string EventType);
