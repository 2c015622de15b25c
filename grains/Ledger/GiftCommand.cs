using Stagecast.Contracts.Wallet;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// Pays for a gift: the sender's coins become the creator's pending diamonds (floor of the share) and the
/// platform's commission (the rest). Exactly once per (sender, request id): the key's stored result is the receipt.
/// </summary>
public sealed class GiftCommand(string senderId, GiftOrder order, long cost, long creatorDiamonds, long releaseAtMs) : LedgerCommand
{
    public override string Key { get; } = KeyFor(senderId, order.RequestId);

    public override string? Shard => senderId;

    public override (string Account, long Amount)? PreDebit => (Coins(senderId), cost);

    public static string KeyFor(string senderId, string requestId) => $"gift:{senderId}:{requestId}";

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        if (batch.TryGetResult(Key, out var earlier))
        {
            return new GiftReceipt(GiftStatus.Repeated, order.RequestId, earlier, cost, batch.Now);
        }
        var balance = batch.TryTakePreDebit(this, out var preDebited) ? preDebited : await batch.TryDebitAsync(Coins(senderId), cost);
        if (balance is null)
        {
            var owed = await batch.BalanceAsync(CoinReceivable(senderId));
            var coins = await batch.BalanceAsync(Coins(senderId));
            return new GiftReceipt(owed < 0 ? GiftStatus.WalletNegative : GiftStatus.InsufficientCoins, order.RequestId, coins + owed, cost, batch.Now);
        }
        batch.PostGift(Key, senderId, balance.Value, $"{order.RoomId}|{order.GiftId}|{order.Count}|{order.RecipientId}", order.RecipientId, cost, creatorDiamonds);
        batch.AddHold(new HoldRow(Key, order.RecipientId, senderId, order.RoomId, order.GiftId, cost, creatorDiamonds, batch.NowMs, releaseAtMs));
        return new GiftReceipt(GiftStatus.Sent, order.RequestId, balance.Value, cost, batch.Now);
    }
}
