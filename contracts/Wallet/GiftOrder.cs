namespace Stagecast.Contracts.Wallet;

/// <summary>A request to pay for <paramref name="Count"/> gifts to a room's host; <paramref name="RequestId"/> makes it exactly-once.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.GiftOrder")]
public sealed record GiftOrder(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string RecipientId,
    [property: Id(2)] string GiftId,
    [property: Id(3)] int Count,
    [property: Id(4)] string RequestId);
