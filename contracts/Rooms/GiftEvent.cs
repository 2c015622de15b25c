namespace Stagecast.Contracts.Rooms;

/// <summary>
/// A gift that has been paid for (the ledger committed it), on its way to the room.
/// <see cref="Badge"/> is the sender's subscriber badge in the host's rooms, if any. The room grain sets <see cref="Combo"/>: the running count of a streak of the same streakable gift by the same sender.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.GiftEvent")]
public sealed record GiftEvent(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string GiftId,
    [property: Id(4)] string GiftName,
    [property: Id(5)] string Animation,
    [property: Id(6)] bool Streakable,
    [property: Id(7)] int Count,
    [property: Id(8)] long Coins,
    [property: Id(9)] string RequestId,
    [property: Id(10)] DateTimeOffset At,
    [property: Id(11)] int Combo = 0,
    [property: Id(12)] Subscriptions.SubscriberBadge? Badge = null);
