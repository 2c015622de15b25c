using MessagePack;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>One row of the top-gifter board.</summary>
[MessagePackObject]
public sealed record TopGifterPayload(
    [property: Key("userId")] string UserId,
    [property: Key("displayName")] string DisplayName,
    [property: Key("coins")] long Coins);
