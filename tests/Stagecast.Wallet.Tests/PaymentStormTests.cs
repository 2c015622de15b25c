using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;

namespace Stagecast.Wallet.Tests;

/// <summary>
/// Partial refunds and disputes for many purchases, each event sent twice and all shuffled, through the real webhook
/// while the buyers keep gifting to one hot creator: every wallet ends exactly where the facts say, whatever the order,
/// and every ledger invariant holds.
/// </summary>
public sealed class PaymentStormTests
{
    [Fact]
    public async Task Shuffled_duplicated_refunds_and_disputes_during_gifting_end_in_the_same_state()
    {
        await using var gateway = await StripeGateway.StartAsync();
        var host = gateway.Host;
        var feesBefore = await StripeFlow.BalanceAsync(host, LedgerAccounts.DisputeFees);
        var random = new Random(20261128);
        var creator = "c-" + Guid.NewGuid().ToString("N");
        var flows = new List<StripeFlow>();
        for (var i = 0; i < 10; i++)
        {
            var flow = await StripeFlow.StartAsync(host);
            Assert.Equal("Credited", await flow.PayAsync());
            flows.Add(flow);
        }

        // Per purchase (700 coins for 999 cents): two cumulative refunds, and a dispute that is won, lost or still open.
        var expectedCents = new Dictionary<StripeFlow, long>();
        long expectedFees = 0;
        var events = new List<Func<Task<string>>>();
        foreach (var flow in flows)
        {
            var r1 = random.Next(0, 300);
            var r2 = r1 + random.Next(0, 300);
            var dispute = StripeFlow.Id("dp");
            var withdrawn = random.Next(100, 999);
            var withdrawal = (StripeFlow.Id("txn"), -(long)withdrawn, 1500L);
            var reinstated = (StripeFlow.Id("txn"), (long)withdrawn, -1500L);
            var outcome = random.Next(3);
            var mine = new List<Func<Task<string>>>
            {
                () => flow.ChargeRefundedAsync(r1),
                () => flow.ChargeRefundedAsync(r2),
                () => flow.DisputeAsync("charge.dispute.created", dispute, "needs_response", withdrawn, withdrawal),
            };
            if (outcome == 0)
            {
                mine.Add(() => flow.DisputeAsync("charge.dispute.funds_reinstated", dispute, "won", withdrawn, withdrawal, reinstated));
                mine.Add(() => flow.DisputeAsync("charge.dispute.closed", dispute, "won", withdrawn, withdrawal, reinstated));
            }
            else if (outcome == 1)
            {
                mine.Add(() => flow.DisputeAsync("charge.dispute.closed", dispute, "lost", withdrawn, withdrawal));
            }
            expectedCents[flow] = Math.Min(999, r2 + (outcome == 0 ? 0 : withdrawn));
            expectedFees += outcome == 0 ? 0 : 1500;
            // Each event twice (Stripe retries), under different event ids as a resend would be.
            events.AddRange(mine);
            events.AddRange(mine);
        }
        var shuffled = events.OrderBy(_ => random.Next()).ToArray();

        var spent = flows.ToDictionary(f => f, _ => 0L);
        var gifting = flows.Select(async flow =>
        {
            var wallet = host.Grains().GetGrain<IWalletGrain>(flow.UserId);
            for (var g = 0; g < 20; g++)
            {
                var receipt = await wallet.SendGift(new GiftOrder("r", creator, "finger-heart", 2, $"g{g}"));
                if (receipt.Status == GiftStatus.Sent)
                {
                    lock (spent)
                    {
                        spent[flow] += receipt.Cost;
                    }
                }
            }
        });
        var storm = shuffled.Chunk(8).Select(async chunk =>
        {
            foreach (var send in chunk)
            {
                await send();
            }
        });
        await Task.WhenAll(gifting.Concat(storm));

        foreach (var flow in flows)
        {
            var reversedCoins = expectedCents[flow] >= 999 ? 700 : (700 * expectedCents[flow] + 998) / 999;
            // Coins shown (negative while owed) = bought - gifted - reversed, however the events interleaved.
            Assert.Equal(700 - spent[flow] - reversedCoins, await flow.CoinsAsync());
        }
        var audit = await WalletKit.AssertLedgerHoldsAsync(host.Grains());
        Assert.Equal(flows.Sum(f => expectedCents[f] >= 999 ? 700 : (700 * expectedCents[f] + 998) / 999), audit.ReversedPurchaseCoins);
        // Fees: every dispute's withdrawal fee, minus those returned with a won dispute.
        Assert.Equal(feesBefore + expectedFees, await StripeFlow.BalanceAsync(host, LedgerAccounts.DisputeFees));
        Assert.True(spent.Values.Sum() > 0);
    }
}
