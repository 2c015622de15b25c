using Stagecast.Contracts.Wallet;

namespace Stagecast.Grains.Wallet;

/// <summary>What a gift order must be before it reaches the ledger; pure.</summary>
internal static class GiftOrders
{
    /// <summary>Why the order is refused (null when it may be booked), and the catalog gift it names.</summary>
    public static GiftStatus? Refusal(GiftOrder order, string senderId, EconomyOptions economy, out GiftDefinition? gift)
    {
        gift = null;
        if (string.IsNullOrWhiteSpace(order.RequestId) || order.RequestId.Length > 128 || string.IsNullOrEmpty(order.RecipientId))
        {
            return GiftStatus.InvalidRequest;
        }
        if (order.RecipientId == senderId)
        {
            return GiftStatus.SelfGift;
        }
        gift = economy.FindGift(order.GiftId);
        if (gift is null)
        {
            return GiftStatus.UnknownGift;
        }
        return order.Count < 1 || order.Count > economy.MaxGiftCount ? GiftStatus.InvalidCount : null;
    }
}
