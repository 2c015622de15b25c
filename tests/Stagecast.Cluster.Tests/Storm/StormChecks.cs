using System.Net;
using System.Text.Json;

namespace Stagecast.Cluster.Tests.Storm;

/// <summary>The storm tests' checks of the ledger against what the clients were told.</summary>
public static class StormChecks
{
    public const long CreatorDiamondsPerGift = 2; // 50% of 5 coins, floored

    /// <summary>
    /// Right after a crash, before any retry: no torn rows; every receipt's gift is in the ledger once, whole, with
    /// the balance the client was told; every gift whose call failed is whole or absent. Returns how many of those
    /// failed calls had committed (acknowledged to nobody).
    /// </summary>
    public static async Task<(int InFlight, int Committed)> AssertCrashLeftNothingHalfDoneAsync(LedgerRows ledger, IReadOnlyList<StormSender> senders, int acknowledged)
    {
        Assert.Empty(await ledger.TornRowsAsync());
        foreach (var sender in senders)
        {
            foreach (var (requestId, coins) in sender.Receipts)
            {
                var rows = await ledger.GiftAsync(StormSender.GiftKey(sender.UserId, requestId));
                Assert.Equal(new LedgerRows.GiftRows(1, LedgerRows.GiftEntries, 1, coins), rows);
            }
        }
        var unanswered = senders.SelectMany(s => s.FailedGifts.Distinct()
            .Where(r => !s.Receipts.Any(x => x.RequestId == r))
            .Select(r => StormSender.GiftKey(s.UserId, r))).ToList();
        var committed = 0;
        foreach (var key in unanswered)
        {
            var rows = await ledger.GiftAsync(key);
            Assert.True(rows is (0, 0, 0, null) or (1, LedgerRows.GiftEntries, 1, not null), $"{key} is half-applied: {rows}");
            committed += (int)rows.Transactions;
        }
        Assert.Equal(acknowledged + committed, await ledger.CountAsync("SELECT COUNT(*) FROM ledger_tx WHERE kind = 'gift'"));
        return (unanswered.Count, committed);
    }

    /// <summary>
    /// After the storm finished (every gift retried until acknowledged): each receipt agreed with the client's model,
    /// the ledger holds exactly the acknowledged gifts and paid purchases, balances match the model, the verifier is ok.
    /// </summary>
    public static async Task AssertFinalStateAsync(GatewayApi gateway, LedgerRows ledger, IReadOnlyList<StormSender> senders, string creatorToken)
    {
        Assert.Empty(senders.SelectMany(s => s.Mismatches));
        Assert.Empty(await ledger.TornRowsAsync());
        var gifts = senders.Sum(s => s.Receipts.Count);
        Assert.Equal(gifts, await ledger.CountAsync("SELECT COUNT(*) FROM ledger_tx WHERE kind = 'gift'"));
        foreach (var sender in senders)
        {
            Assert.Equal(sender.Receipts.Count, sender.Receipts.Select(r => r.RequestId).Distinct().Count());
            var keys = await ledger.StringsAsync("SELECT tx_key FROM ledger_tx WHERE kind = 'gift' AND user_id = @k", sender.UserId);
            Assert.Equal(sender.Receipts.Select(r => StormSender.GiftKey(sender.UserId, r.RequestId)).ToHashSet(), keys);
            var paid = await ledger.StringsAsync("SELECT purchase_id FROM ledger_purchase WHERE status = 'paid' AND user_id = @k", sender.UserId);
            Assert.Equal(sender.PaidPurchases.ToHashSet(), paid);
            var wallet = await gateway.WalletAsync(sender.Token);
            Assert.Equal(sender.ExpectedCoins, wallet.GetProperty("coins").GetInt64());
        }
        var creator = await gateway.WalletAsync(creatorToken);
        Assert.Equal(gifts * CreatorDiamondsPerGift,
            creator.GetProperty("diamonds").GetInt64() + creator.GetProperty("pendingDiamonds").GetInt64());
        var (status, audit) = await gateway.VerifyLedgerAsync();
        Assert.True(status == HttpStatusCode.OK, audit);
        Assert.True(JsonDocument.Parse(audit).RootElement.GetProperty("ok").GetBoolean(), audit);
    }

    /// <summary>Waits until receipts passed <paramref name="atLeast"/> and are still rising, with the storm running.</summary>
    public static async Task WaitRisingAsync(StormControl control, Task storm, int atLeast)
    {
        await PollAsync(() => control.Acknowledged >= atLeast || storm.IsCompleted, TimeSpan.FromSeconds(240), $"{atLeast} receipts");
        Assert.False(storm.IsCompleted, storm.Exception?.ToString() ?? "the storm ended before the fault");
        var seen = control.Acknowledged;
        await PollAsync(() => control.Acknowledged >= seen + 15 || storm.IsCompleted, TimeSpan.FromSeconds(120), "receipts still rising");
        Assert.False(storm.IsCompleted, "the storm ended before the fault");
    }

    public static async Task PollAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(5);
        }
    }
}
