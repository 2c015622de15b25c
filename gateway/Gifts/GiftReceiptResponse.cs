namespace Stagecast.Gateway.Gifts;

/// <summary>What SendGift returns: the request id and the sender's coin balance after the gift.</summary>
public sealed record GiftReceiptResponse(string RequestId, long Coins);
