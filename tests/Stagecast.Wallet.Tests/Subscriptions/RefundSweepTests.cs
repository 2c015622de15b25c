using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Subscriptions;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests.Subscriptions;

/// <summary>
/// The periodic sweep for parked refunds (Stagecast:Subscriptions:RefundSweepPeriod, 1 s in these gateways): a refund
/// parked beside a booked invoice whose claim never ran is applied by the sweep, once, and a sweep racing the booking
/// of the invoice does not apply a parked refund twice.
/// </summary>
public abstract class RefundSweepTests(IStripeGatewayFixture fixture)
{
    private GatewayHost Host => fixture.Gateway.Host;

    private IGrainFactory Grains => Host.Grains();

    private static readonly DateTimeOffset PeriodEnd = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddDays(30);

    private Task<long> PendingAsync(string creatorId) => StripeFlow.BalanceAsync(Host, LedgerAccounts.PendingDiamonds(creatorId));

    private Task<long> SalesAsync() => StripeFlow.BalanceAsync(Host, LedgerAccounts.SubscriptionSales);

    private static PaymentSignal Refund(string paymentRef, long? refunded = null) =>
        new(SubscriptionFlow.Id("evt"), PaymentSignalKind.Refunded, null, null, paymentRef, "charge.refunded",
            AmountCents: refunded is null ? null : SubscriptionFlow.Price, RefundedCents: refunded);

    [Fact]
    public async Task A_refund_parked_beside_its_booked_invoice_whose_claim_never_ran_is_applied_by_the_sweep()
    {
        var partial = await SubscriptionFlow.StartAsync(Host);
        var whole = await SubscriptionFlow.StartAsync(Host);
        var (partialPi, wholePi) = (SubscriptionFlow.Id("pi"), SubscriptionFlow.Id("pi"));
        Assert.Equal("Activated", await partial.InvoicePaidAsync(SubscriptionFlow.Id("in"), partialPi, PeriodEnd));
        Assert.Equal("Activated", await whole.InvoicePaidAsync(SubscriptionFlow.Id("in"), wholePi, PeriodEnd));
        var sales = await SalesAsync();

        // What a process that died right after parking leaves: the refunds parked (the raced webhook's path), the
        // claim that should have followed never run. Nothing else will ever touch these payments again.
        var writer = Host.Services.GetRequiredService<LedgerService>().Writer;
        var partialRefund = Refund(partialPi, 200);
        await writer.SubmitAsync<PaymentOutcome>(new OrphanReversalCommand(partialRefund));
        await writer.SubmitAsync<PaymentOutcome>(new OrphanReversalCommand(Refund(wholePi)));

        // ⌈698 × 200 / 499⌉ = 280 diamonds clawed back; the whole refund takes all 698; the cash is taken back.
        await PollAsync(async () => await PendingAsync(partial.CreatorId) == SubscriptionFlow.CreatorDiamonds - 280 && await PendingAsync(whole.CreatorId) == 0,
            "the sweep applied both parked refunds");
        Assert.Equal(sales + 200 + SubscriptionFlow.Price, await SalesAsync());
        await WalletKit.AssertLedgerHoldsAsync(Grains);

        // Applied once: more sweeps and the same refund delivered again change nothing; a larger one takes the difference.
        await PollAsync(async () => await Grains.GetGrain<IRefundSweepGrain>(0).Sweep() == 0, "nothing left to sweep");
        Assert.Equal("NoChange", await partial.ChargeRefundedAsync(partialPi, 200, partialRefund.EventId));
        Assert.Equal(SubscriptionFlow.CreatorDiamonds - 280, await PendingAsync(partial.CreatorId));
        Assert.Equal("ClawedBack", await partial.ChargeRefundedAsync(partialPi, SubscriptionFlow.Price));
        Assert.Equal(0, await PendingAsync(partial.CreatorId));
        Assert.Equal(sales + 2 * SubscriptionFlow.Price, await SalesAsync());
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Sweeps_racing_the_booking_of_the_invoice_apply_a_parked_refund_once()
    {
        var flows = new List<(SubscriptionFlow Flow, string Pi)>();
        for (var i = 0; i < 6; i++)
        {
            flows.Add((await SubscriptionFlow.StartAsync(Host), SubscriptionFlow.Id("pi")));
        }
        var payments = Grains.GetGrain<IPaymentsGrain>(0);
        foreach (var (_, pi) in flows)
        {
            // No invoice knows the payment yet: parked.
            Assert.Equal(PaymentOutcome.UnknownPurchase, await payments.Apply(Refund(pi, 200)));
        }
        var sales = await SalesAsync();
        var sweep = Grains.GetGrain<IRefundSweepGrain>(0);
        var sweeps = Enumerable.Range(0, 24).Select(_ => sweep.Sweep()).ToList();
        var bookings = flows.Select(f => f.Flow.InvoicePaidAsync(SubscriptionFlow.Id("in"), f.Pi, PeriodEnd)).ToList();
        var more = Enumerable.Range(0, 24).Select(_ => sweep.Sweep()).ToList();
        Assert.All(await Task.WhenAll(bookings), outcome => Assert.Equal("Activated", outcome));
        await Task.WhenAll(sweeps.Concat(more));

        foreach (var (flow, _) in flows)
        {
            Assert.Equal(SubscriptionFlow.CreatorDiamonds - 280, await PendingAsync(flow.CreatorId));
        }
        // Sales is a credit account: each invoice books -499 and its refund gives back 200.
        Assert.Equal(sales - flows.Count * (SubscriptionFlow.Price - 200), await SalesAsync());
        Assert.Equal(0, await sweep.Sweep());
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    private static async Task PollAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for: {what}");
            await Task.Delay(100);
        }
    }
}

public sealed class RefundSweepTestsOnSqlite(StripeGatewayFixture fixture) : RefundSweepTests(fixture), IClassFixture<StripeGatewayFixture>;

public sealed class RefundSweepTestsOnPostgres(PostgresStripeGatewayFixture fixture) : RefundSweepTests(fixture), IClassFixture<PostgresStripeGatewayFixture>;
