using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Wallet;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Wallet;

namespace Stagecast.Gateway.Rooms;

/// <summary>Gifts on the live hub: pay through the sender's wallet (exactly once per request id), then queue it for the room (coalesced per room and window).</summary>
public sealed partial class LiveHub
{
    /// <summary>Sends <paramref name="count"/> gifts to the room's host; the same request id twice moves coins once and returns the same receipt.</summary>
    public async Task<GiftReceiptResponse> SendGift(string roomId, string giftId, int count, string requestId)
    {
        var userId = Context.User?.UserId() ?? throw HubErrors.Error(RoomErrors.AuthRequired, "Sign in to send gifts.");
        var services = Context.GetHttpContext()!.RequestServices;
        var economy = services.GetRequiredService<EconomyOptions>();
        if (string.IsNullOrWhiteSpace(requestId) || requestId.Length > 128 || string.IsNullOrWhiteSpace(roomId))
        {
            throw HubErrors.Error("invalid_request", "roomId and a requestId of 1..128 characters are required.");
        }
        if (count < 1 || count > economy.MaxGiftCount)
        {
            throw HubErrors.Error("invalid_count", $"count must be between 1 and {economy.MaxGiftCount}.");
        }
        var gift = economy.FindGift(giftId) ?? throw HubErrors.Error("unknown_gift", $"There is no gift '{giftId}'. GET /api/gifts lists them.");
        var wallet = Grains.GetGrain<IWalletGrain>(userId);

        // The gateway's gift gate: a cached snapshot of the room (status, host, bans) allows; every refusal is re-checked fresh.
        var (gate, hostId) = await services.GetRequiredService<RoomHostLookup>().CheckAsync(roomId, userId);
        if (gate != GiftGate.Allowed)
        {
            // A retry of a gift that was paid before the room ended still gets its receipt.
            if (await wallet.FindGiftReceipt(requestId) is { } earlier)
            {
                return new GiftReceiptResponse(requestId, earlier.Coins);
            }
            throw gate switch
            {
                GiftGate.UnknownRoom => HubErrors.Error(RoomErrors.UnknownRoom, "There is no such room."),
                GiftGate.NotLive => HubErrors.Error("room_not_live", "The room is not live."),
                _ => HubErrors.Error(RoomErrors.Banned, "You cannot send gifts in this room."),
            };
        }

        var receipt = await wallet.SendGift(new GiftOrder(roomId, hostId!, giftId, count, requestId));
        switch (receipt.Status)
        {
            case GiftStatus.Sent:
            case GiftStatus.Repeated:
                // Published again on a retry: the room drops a request id it has seen, and a publish lost to a crash after the commit is made good.
                break;
            case GiftStatus.InsufficientCoins:
                throw HubErrors.Error("insufficient_coins", $"This gift costs {receipt.Cost} coins; you have {receipt.Coins}.");
            case GiftStatus.WalletNegative:
                throw HubErrors.Error("wallet_negative", "Your wallet is negative after a refund or chargeback; buy coins to settle it before gifting.");
            case GiftStatus.SelfGift:
                throw HubErrors.Error("self_gift", "You cannot gift in your own room.");
            case GiftStatus.UnknownGift:
                throw HubErrors.Error("unknown_gift", $"There is no gift '{giftId}'.");
            case GiftStatus.InvalidCount:
                throw HubErrors.Error("invalid_count", $"count must be between 1 and {economy.MaxGiftCount}.");
            default:
                throw HubErrors.Error("invalid_request", "The gift request is not valid.");
        }

        // Queued, not awaited: the gateway's publisher sends this room's gifts in one call per short window, and
        // publishes them even if this client disconnects now. The gift is paid and durable either way.
        var displayName = await services.GetRequiredService<DisplayNames>().OfAsync(userId);
        services.GetRequiredService<GiftPublisher>().Publish(new GiftEvent(roomId, userId, displayName, gift.Id, gift.Name, gift.Animation, gift.Streakable,
            count, receipt.Cost, requestId, receipt.At));
        return new GiftReceiptResponse(requestId, receipt.Coins);
    }
}
