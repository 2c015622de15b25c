using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>Disputes through the real webhook: coins reversed, re-credited once when won, fees booked in cash, never reversed twice with refunds.</summary>
public abstract class DisputeTests(IStripeGatewayFixture fixture)
{
    private GatewayHost Host => fixture.Gateway.Host;

    private Task<long> FeesAsync() => StripeFlow.BalanceAsync(Host, LedgerAccounts.DisputeFees);

    [Fact]
    public async Task Won_dispute_recredits_once_returns_clawed_diamonds_and_the_fee()
    {
        var flow = await StripeFlow.StartAsync(Host);
        var creator = "c-" + Guid.NewGuid().ToString("N");
        Assert.Equal("Credited", await flow.PayAsync());
        var wallet = Host.Grains().GetGrain<IWalletGrain>(flow.UserId);
        Assert.Equal(GiftStatus.Sent, (await wallet.SendGift(new GiftOrder("r", creator, "hand-hearts", 6, "g1"))).Status);
        var before = await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
        var fees = await FeesAsync();
        var cash = await StripeFlow.BalanceAsync(Host, LedgerAccounts.CashClearing);

        var dispute = StripeFlow.Id("dp");
        var withdrawal = (StripeFlow.Id("txn"), -999L, 1500L);
        Assert.Equal("Reversed", await flow.DisputeAsync("charge.dispute.created", dispute, "needs_response", 999, withdrawal));
        Assert.Equal(-600, await flow.CoinsAsync());
        Assert.Equal(0, (await Host.Grains().GetGrain<IWalletGrain>(creator).GetSummary()).PendingDiamonds);
        Assert.Equal(fees + 1500, await FeesAsync());
        Assert.Equal(cash - 999 - 1500, await StripeFlow.BalanceAsync(Host, LedgerAccounts.CashClearing));
        // funds_withdrawn repeats the same balance transaction: nothing new, the fee is not booked twice.
        Assert.Equal("NoChange", await flow.DisputeAsync("charge.dispute.funds_withdrawn", dispute, "needs_response", 999, withdrawal));
        Assert.Equal(fees + 1500, await FeesAsync());
        var disputed = await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
        Assert.Equal(before.MintedCoins - 700, disputed.MintedCoins);

        // Won: the amount and the fee come back; the coins return once (paying what the wallet owed), and the
        // creator gets back the 300 diamonds clawed from the hold.
        var reinstated = (StripeFlow.Id("txn"), 999L, -1500L);
        var wonEvent = StripeFlow.Id("evt");
        Assert.Equal("Recredited", await flow.SendAsync("charge.dispute.funds_reinstated", DisputeJson(flow, dispute, "won", withdrawal, reinstated), wonEvent));
        Assert.Equal(100, await flow.CoinsAsync());
        Assert.True((await WalletKit.GetWalletAsync(flow.Client)).GetProperty("canGift").GetBoolean());
        Assert.Equal(300, (await Host.Grains().GetGrain<IWalletGrain>(creator).GetSummary()).Diamonds);
        Assert.Equal(fees, await FeesAsync());
        Assert.Equal(cash, await StripeFlow.BalanceAsync(Host, LedgerAccounts.CashClearing));

        // Replays, the closing event and a late, older snapshot change nothing more.
        Assert.Equal("NoChange", await flow.SendAsync("charge.dispute.funds_reinstated", DisputeJson(flow, dispute, "won", withdrawal, reinstated), wonEvent));
        Assert.Equal("NoChange", await flow.DisputeAsync("charge.dispute.closed", dispute, "won", 999, withdrawal, reinstated));
        Assert.Equal("NoChange", await flow.DisputeAsync("charge.dispute.created", dispute, "needs_response", 999, withdrawal));
        Assert.Equal(100, await flow.CoinsAsync());
        var after = await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
        Assert.Equal(before.MintedCoins, after.MintedCoins);
    }

    [Fact]
    public async Task Lost_dispute_stays_reversed_and_keeps_the_fee()
    {
        var flow = await StripeFlow.StartAsync(Host, "coins-350");
        Assert.Equal("Credited", await flow.PayAsync());
        var fees = await FeesAsync();
        var dispute = StripeFlow.Id("dp");
        var withdrawal = (StripeFlow.Id("txn"), -499L, 1500L);
        Assert.Equal("Reversed", await flow.DisputeAsync("charge.dispute.funds_withdrawn", dispute, "needs_response", 499, withdrawal));
        Assert.Equal(0, await flow.CoinsAsync());
        Assert.Equal("NoChange", await flow.DisputeAsync("charge.dispute.closed", dispute, "lost", 499, withdrawal));
        Assert.Equal("NoChange", await flow.DisputeAsync("charge.dispute.closed", dispute, "lost", 499, withdrawal));
        Assert.Equal(0, await flow.CoinsAsync());
        Assert.Equal(fees + 1500, await FeesAsync());
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
    }

    [Fact]
    public async Task Closed_won_without_balance_transactions_recredits_once()
    {
        var flow = await StripeFlow.StartAsync(Host, "coins-350");
        Assert.Equal("Credited", await flow.PayAsync());
        var dispute = StripeFlow.Id("dp");
        Assert.Equal("Reversed", await flow.DisputeAsync("charge.dispute.created", dispute, "needs_response", 499));
        Assert.Equal(0, await flow.CoinsAsync());
        Assert.Equal("Recredited", await flow.DisputeAsync("charge.dispute.closed", dispute, "won", 499));
        Assert.Equal("NoChange", await flow.DisputeAsync("charge.dispute.closed", dispute, "won", 499));
        Assert.Equal("NoChange", await flow.DisputeAsync("charge.dispute.updated", dispute, "under_review", 499));
        Assert.Equal(350, await flow.CoinsAsync());
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
    }

    [Fact]
    public async Task Refund_then_dispute_never_reverses_more_than_the_purchase()
    {
        var flow = await StripeFlow.StartAsync(Host);
        Assert.Equal("Credited", await flow.PayAsync());
        var before = await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
        Assert.Equal("Reversed", await flow.ChargeRefundedAsync(300));
        Assert.Equal(489, await flow.CoinsAsync());
        // The cardholder disputes the whole charge anyway: only what is left (699 cents, 489 coins) can go.
        var dispute = StripeFlow.Id("dp");
        var withdrawal = (StripeFlow.Id("txn"), -999L, 1500L);
        Assert.Equal("Reversed", await flow.DisputeAsync("charge.dispute.created", dispute, "needs_response", 999, withdrawal));
        Assert.Equal(0, await flow.CoinsAsync());
        Assert.Equal(before.MintedCoins - 700, (await WalletKit.AssertLedgerHoldsAsync(Host.Grains())).MintedCoins);
        // "Partially won": Stripe returns the refunded part, the dispute is lost; the purchase stays wholly reversed.
        var partlyBack = (StripeFlow.Id("txn"), 300L, 0L);
        Assert.Equal("NoChange", await flow.DisputeAsync("charge.dispute.funds_reinstated", dispute, "lost", 999, withdrawal, partlyBack));
        Assert.Equal(0, await flow.CoinsAsync());
        Assert.Equal(before.MintedCoins - 700, (await WalletKit.AssertLedgerHoldsAsync(Host.Grains())).MintedCoins);
    }

    [Fact]
    public async Task Dispute_then_refund_never_reverses_twice_and_a_refunded_charge_is_not_recredited()
    {
        var flow = await StripeFlow.StartAsync(Host);
        Assert.Equal("Credited", await flow.PayAsync());
        var before = await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
        var dispute = StripeFlow.Id("dp");
        var withdrawal = (StripeFlow.Id("txn"), -999L, 1500L);
        Assert.Equal("Reversed", await flow.DisputeAsync("charge.dispute.created", dispute, "needs_response", 999, withdrawal));
        Assert.Equal("NoChange", await flow.ChargeRefundedAsync(999));
        Assert.Equal(0, await flow.CoinsAsync());
        // The dispute is won, but the charge was refunded too: the buyer has the money back, so no coins return.
        Assert.Equal("Recorded", await flow.DisputeAsync("charge.dispute.closed", dispute, "won", 999, withdrawal, (StripeFlow.Id("txn"), 999L, -1500L)));
        Assert.Equal(0, await flow.CoinsAsync());
        Assert.Equal(before.MintedCoins - 700, (await WalletKit.AssertLedgerHoldsAsync(Host.Grains())).MintedCoins);
    }

    [Fact]
    public async Task Dispute_partly_won_after_a_partial_refund_recredits_only_the_unrefunded_part()
    {
        var flow = await StripeFlow.StartAsync(Host);
        Assert.Equal("Credited", await flow.PayAsync());
        Assert.Equal("Reversed", await flow.ChargeRefundedAsync(300));
        var dispute = StripeFlow.Id("dp");
        var withdrawal = (StripeFlow.Id("txn"), -699L, 1500L);
        Assert.Equal("Reversed", await flow.DisputeAsync("charge.dispute.funds_withdrawn", dispute, "needs_response", 699, withdrawal));
        Assert.Equal(0, await flow.CoinsAsync());
        Assert.Equal("Recredited", await flow.DisputeAsync("charge.dispute.funds_reinstated", dispute, "won", 699, withdrawal, (StripeFlow.Id("txn"), 699L, -1500L)));
        Assert.Equal(489, await flow.CoinsAsync());
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
    }

    private static string DisputeJson(StripeFlow flow, string disputeId, string status, params (string Id, long Amount, long Fee)[] funds) => $$$"""
        {"id":"{{{disputeId}}}","object":"dispute","amount":999,"charge":"{{{flow.ChargeId}}}","payment_intent":"{{{flow.PaymentIntent}}}","currency":"usd",
         "status":"{{{status}}}","reason":"fraudulent","metadata":{},
         "balance_transactions":[{{{string.Join(",", funds.Select(f => $$"""{"id":"{{f.Id}}","object":"balance_transaction","amount":{{f.Amount}},"fee":{{f.Fee}},"net":{{f.Amount - f.Fee}},"currency":"usd"}"""))}}}]}
        """;
}

/// <summary>The same scenarios on the embedded SQLite ledger.</summary>
public sealed class DisputeTestsOnSqlite(StripeGatewayFixture fixture) : DisputeTests(fixture), IClassFixture<StripeGatewayFixture>;

/// <summary>The same scenarios on a PostgreSQL ledger.</summary>
public sealed class DisputeTestsOnPostgres(PostgresStripeGatewayFixture fixture) : DisputeTests(fixture), IClassFixture<PostgresStripeGatewayFixture>;
