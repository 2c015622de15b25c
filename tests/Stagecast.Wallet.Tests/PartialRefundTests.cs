using Stagecast.Contracts.Wallet;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Grains.Ledger;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>Partial refunds through the real webhook: coins reversed in proportion (rounded up), cumulative, replay- and order-proof.</summary>
public abstract class PartialRefundTests(IStripeGatewayFixture fixture)
{
    private GatewayHost Host => fixture.Gateway.Host;

    [Fact]
    public async Task Partial_refunds_reverse_coins_in_proportion_cumulatively_and_never_beyond_the_purchase()
    {
        var flow = await StripeFlow.StartAsync(Host);
        Assert.Equal("Credited", await flow.PayAsync());
        var before = await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
        var cashBefore = await StripeFlow.BalanceAsync(Host, LedgerAccounts.CashClearing);

        // 300 of 999 cents: 700 x 300 / 999 = 210.2 coins, rounded up to 211.
        var first = StripeFlow.Id("evt");
        Assert.Equal("Reversed", await flow.ChargeRefundedAsync(300, eventId: first));
        Assert.Equal(489, await flow.CoinsAsync());
        Assert.Equal("NoChange", await flow.ChargeRefundedAsync(300, eventId: first));
        Assert.Equal("NoChange", await flow.ChargeRefundedAsync(300));
        Assert.Equal(cashBefore - 300, await StripeFlow.BalanceAsync(Host, LedgerAccounts.CashClearing));

        // Cumulative 600: 420.4 -> 421 coins in all, so 210 more.
        Assert.Equal("Reversed", await flow.ChargeRefundedAsync(600));
        Assert.Equal(279, await flow.CoinsAsync());
        // An older snapshot delivered late, and a single refund smaller than the total, change nothing.
        Assert.Equal("NoChange", await flow.ChargeRefundedAsync(300));
        Assert.Equal("NoChange", await flow.RefundCreatedAsync(StripeFlow.Id("re"), 200));
        Assert.Equal(279, await flow.CoinsAsync());
        var partial = await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
        Assert.Equal(before.MintedCoins - 421, partial.MintedCoins);
        Assert.Equal(before.ReversedPurchaseCoins + 421, partial.ReversedPurchaseCoins);

        // The rest: exactly the 700 coins in all, never more, whatever else arrives.
        Assert.Equal("Reversed", await flow.ChargeRefundedAsync(999));
        Assert.Equal(0, await flow.CoinsAsync());
        Assert.Equal("NoChange", await flow.ChargeRefundedAsync(999));
        Assert.Equal("NoChange", await flow.RefundCreatedAsync(StripeFlow.Id("re"), 999));
        Assert.Equal("NoChange", await flow.ChargeRefundedAsync(1500, amount: 999));
        Assert.Equal(0, await flow.CoinsAsync());
        Assert.True((await WalletKit.GetWalletAsync(flow.Client)).GetProperty("canGift").GetBoolean());
        var after = await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
        Assert.Equal(before.MintedCoins - 700, after.MintedCoins);
        Assert.Equal(cashBefore - 999, await StripeFlow.BalanceAsync(Host, LedgerAccounts.CashClearing));
        var purchase = await Host.Services.GetRequiredService<LedgerService>().Reader.PurchaseAsync(flow.PurchaseId, null, null);
        Assert.Equal("reversed", purchase!.Status);
    }

    [Fact]
    public async Task Single_refunds_by_id_add_up_and_count_once_each()
    {
        var flow = await StripeFlow.StartAsync(Host, "coins-70");
        Assert.Equal("Credited", await flow.PayAsync());
        var refund = StripeFlow.Id("re");
        // 70 coins for 99 cents: 33 cents -> 23.3 -> 24 coins.
        Assert.Equal("Reversed", await flow.RefundCreatedAsync(refund, 33));
        Assert.Equal("NoChange", await flow.RefundCreatedAsync(refund, 33));
        Assert.Equal(46, await flow.CoinsAsync());
        // A second refund of 33: 66 cents -> 46.7 -> 47 coins in all.
        Assert.Equal("Reversed", await flow.RefundCreatedAsync(StripeFlow.Id("re"), 33));
        Assert.Equal(23, await flow.CoinsAsync());
        // The charge's own total agrees: nothing more moves.
        Assert.Equal("NoChange", await flow.ChargeRefundedAsync(66, amount: 99));
        Assert.Equal(23, await flow.CoinsAsync());
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
    }

    [Fact]
    public async Task Partial_refund_of_spent_coins_claws_back_the_creators_pending_diamonds_in_proportion()
    {
        var flow = await StripeFlow.StartAsync(Host);
        var creator = "c-" + Guid.NewGuid().ToString("N");
        Assert.Equal("Credited", await flow.PayAsync());
        var wallet = Host.Grains().GetGrain<IWalletGrain>(flow.UserId);
        Assert.Equal(GiftStatus.Sent, (await wallet.SendGift(new GiftOrder("r", creator, "hand-hearts", 6, "g1"))).Status);
        Assert.Equal(300, (await Host.Grains().GetGrain<IWalletGrain>(creator).GetSummary()).PendingDiamonds);

        // 500 of 999 cents: 350.4 -> 351 coins; 100 from the balance, 251 already gifted: the wallet owes 251, and
        // the creator's hold (600 coins, 300 diamonds) gives back 251 x 300 / 600 = 125 diamonds (floor).
        Assert.Equal("Reversed", await flow.ChargeRefundedAsync(500));
        var summary = await WalletKit.GetWalletAsync(flow.Client);
        Assert.Equal(-251, summary.GetProperty("coins").GetInt64());
        Assert.False(summary.GetProperty("canGift").GetBoolean());
        Assert.Equal(175, (await Host.Grains().GetGrain<IWalletGrain>(creator).GetSummary()).PendingDiamonds);
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());

        // The rest of the refund takes the rest: all 600 gifted coins owed, the whole hold clawed back.
        Assert.Equal("Reversed", await flow.ChargeRefundedAsync(999));
        Assert.Equal(-600, await flow.CoinsAsync());
        Assert.Equal(0, (await Host.Grains().GetGrain<IWalletGrain>(creator).GetSummary()).PendingDiamonds);
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
    }

    [Fact]
    public async Task Partial_refund_before_the_payment_applies_when_the_payment_arrives()
    {
        // Unknown payment intent (the purchase has none yet): kept, and applied right after the late completion.
        var orphaned = await StripeFlow.StartAsync(Host);
        Assert.Equal("UnknownPurchase", await orphaned.ChargeRefundedAsync(300));
        Assert.Equal("Credited", await orphaned.PayAsync());
        Assert.Equal(489, await orphaned.CoinsAsync());
        Assert.Equal("NoChange", await orphaned.ChargeRefundedAsync(300));
        Assert.Equal(489, await orphaned.CoinsAsync());

        // Known purchase (metadata) still pending: recorded, applied on completion; the same end state.
        var pending = await StripeFlow.StartAsync(Host);
        Assert.Equal("Recorded", await pending.ChargeRefundedAsync(300, withPurchaseId: true));
        Assert.Equal(0, await pending.CoinsAsync());
        Assert.Equal("Credited", await pending.PayAsync());
        Assert.Equal(489, await pending.CoinsAsync());
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
    }
}

/// <summary>The same scenarios on the embedded SQLite ledger.</summary>
public sealed class PartialRefundTestsOnSqlite(StripeGatewayFixture fixture) : PartialRefundTests(fixture), IClassFixture<StripeGatewayFixture>;

/// <summary>The same scenarios on a PostgreSQL ledger.</summary>
public sealed class PartialRefundTestsOnPostgres(PostgresStripeGatewayFixture fixture) : PartialRefundTests(fixture), IClassFixture<PostgresStripeGatewayFixture>;
