namespace Stagecast.Contracts.Wallet;

/// <summary>The outcome of a gift order; <paramref name="Coins"/> is the sender's balance after it.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.GiftReceipt")]
public sealed record GiftReceipt(
    [property: Id(0)] GiftStatus Status,
    [property: Id(1)] string RequestId,
    [property: Id(2)] long Coins,
    [property: Id(3)] long Cost,
    [property: Id(4)] DateTimeOffset At);
