namespace Stagecast.Contracts.Wallet;

/// <summary>Diamonds a creator earned from one gift, and whether they are still held, released or clawed back.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.EarningLine")]
public sealed record EarningLine(
    [property: Id(0)] string TransactionId,
    [property: Id(1)] string SenderId,
    [property: Id(2)] string RoomId,
    [property: Id(3)] string GiftId,
    [property: Id(4)] long Coins,
    [property: Id(5)] long Diamonds,
    [property: Id(6)] string State,
    [property: Id(7)] DateTimeOffset At,
    [property: Id(8)] DateTimeOffset ReleaseAt);
