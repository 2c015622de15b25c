using MessagePack;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>The <c>gift</c> event; <c>combo</c> is the running count of the sender's streak; <c>badge</c> the sender's subscriber badge (null for none).</summary>
[MessagePackObject]
public sealed record GiftPayload(
    [property: Key("roomId")] string RoomId,
    [property: Key("userId")] string UserId,
    [property: Key("displayName")] string DisplayName,
    [property: Key("giftId")] string GiftId,
    [property: Key("giftName")] string GiftName,
    [property: Key("animation")] string Animation,
    [property: Key("count")] int Count,
    [property: Key("combo")] int Combo,
    [property: Key("coins")] long Coins,
    [property: Key("requestId")] string RequestId,
    [property: Key("at")] long At,
    [property: Key("badge")] BadgePayload? Badge = null);
