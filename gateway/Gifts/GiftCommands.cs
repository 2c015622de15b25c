using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Wallet;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;
using Stagecast.Gateway.Subscriptions;

namespace Stagecast.Gateway.Gifts;

/// <summary>
/// The hub's SendGift: pay through the sender's wallet (exactly once per request id), then queue the gift for the
/// room (coalesced per room and window by <see cref="GiftPublisher"/>).
/// </summary>
public sealed class GiftCommands(
    IGrainFactory grains, EconomyOptions economy, RoomHostLookup gates, DisplayNames names, SubscriberBadges badges, GiftPublisher publisher,
    Rooms.LiveActivityNotes notes)
{
    /// <summary>Sends <paramref name="count"/> gifts to the room's host; the same request id twice moves coins once and returns the same receipt.</summary>
    public async Task<GiftReceiptResponse> SendAsync(string? userId, string roomId, string giftId, int count, string requestId)
    {
        if (userId is null)
        {
            throw HubErrors.Error(GiftErrors.AuthRequired, "Sign in to send gifts.");
        }
        if (string.IsNullOrWhiteSpace(requestId) || requestId.Length > 128 || string.IsNullOrWhiteSpace(roomId))
        {
            throw HubErrors.Error(GiftErrors.InvalidRequest, "roomId and a requestId of 1..128 characters are required.");
        }
        if (count < 1 || count > economy.MaxGiftCount)
        {
            throw HubErrors.Error(GiftErrors.InvalidCount, $"count must be between 1 and {economy.MaxGiftCount}.");
        }
        var gift = economy.FindGift(giftId) ?? throw HubErrors.Error(GiftErrors.UnknownGift, $"There is no gift '{giftId}'. GET /api/gifts lists them.");
        var wallet = grains.GetGrain<IWalletGrain>(userId);

        // The gateway's gift gate: a cached snapshot of the room (status, host, bans) allows; every refusal is re-checked fresh.
        var (gate, hostId) = await gates.CheckAsync(roomId, userId);
        if (gate != GiftGate.Allowed)
        {
            // A retry of a gift that was paid before the room ended still gets its receipt.
            if (await wallet.FindGiftReceipt(requestId) is { } earlier)
            {
                return new GiftReceiptResponse(requestId, earlier.Coins);
            }
            throw gate switch
            {
                GiftGate.UnknownRoom => HubErrors.Error(GiftErrors.UnknownRoom, "There is no such room."),
                GiftGate.NotLive => HubErrors.Error(GiftErrors.RoomNotLive, "The room is not live."),
                GiftGate.Blocked => HubErrors.Error(GiftErrors.Blocked, "The host has blocked you: you cannot gift in their rooms."),
                _ => HubErrors.Error(GiftErrors.Banned, "You cannot send gifts in this room."),
            };
        }

        // Before the payment: a deletion finds the sender's row on this room's board.
        await notes.NoteAsync(userId, roomId);
        var receipt = await wallet.SendGift(new GiftOrder(roomId, hostId!, giftId, count, requestId));
        switch (receipt.Status)
        {
            case GiftStatus.Sent:
            case GiftStatus.Repeated:
                // Published again on a retry: the room drops a request id it has seen, and a publish lost to a crash after the commit is made good.
                break;
            case GiftStatus.InsufficientCoins:
                throw HubErrors.Error(GiftErrors.InsufficientCoins, $"This gift costs {receipt.Cost} coins; you have {receipt.Coins}.");
            case GiftStatus.WalletNegative:
                throw HubErrors.Error(GiftErrors.WalletNegative, "Your wallet is negative after a refund or chargeback; buy coins to settle it before gifting.");
            case GiftStatus.SelfGift:
                throw HubErrors.Error(GiftErrors.SelfGift, "You cannot gift in your own room.");
            case GiftStatus.UnknownGift:
                throw HubErrors.Error(GiftErrors.UnknownGift, $"There is no gift '{giftId}'.");
            case GiftStatus.InvalidCount:
                throw HubErrors.Error(GiftErrors.InvalidCount, $"count must be between 1 and {economy.MaxGiftCount}.");
            default:
                throw HubErrors.Error(GiftErrors.InvalidRequest, "The gift request is not valid.");
        }

        // Queued, not awaited: the gateway's publisher sends this room's gifts in one call per short window, and
        // publishes them even if this client disconnects now. The gift is paid and durable either way.
        var displayName = await names.FindAsync(userId) ?? userId;
        var badge = await badges.FindAsync(hostId!, userId);
        publisher.Publish(new GiftEvent(roomId, userId, displayName, gift.Id, gift.Name, gift.Animation, gift.Streakable,
            count, receipt.Cost, requestId, receipt.At, Badge: badge));
        return new GiftReceiptResponse(requestId, receipt.Coins);
    }
}
