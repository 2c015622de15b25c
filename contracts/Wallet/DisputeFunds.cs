namespace Stagecast.Contracts.Wallet;

/// <summary>One balance transaction of a dispute: funds withdrawn (negative amount) or reinstated (positive), and the fee (positive when assessed, negative when returned).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.DisputeFunds")]
public sealed record DisputeFunds(
    [property: Id(0)] string TransactionId,
    [property: Id(1)] long AmountCents,
    [property: Id(2)] long FeeCents);
