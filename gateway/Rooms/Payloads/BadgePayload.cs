using MessagePack;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>A subscriber's badge on a comment or gift: the tier id and the months paid for.</summary>
[MessagePackObject]
public sealed record BadgePayload(
    [property: Key("tier")] string Tier,
    [property: Key("months")] int Months);
