using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests.Subscriptions;

/// <summary>
/// The subscription lifecycle against the Stripe fake and the real webhook endpoint: checkout in subscription mode,
/// first invoice, renewal, failure then recovery, lapse after the grace period, cancel at period end and deletion,
/// refunds and disputes with clawback, duplicates and out-of-order deliveries; the ledger verifier holds after each.
/// </summary>
public abstract class SubscriptionWebhookTests(IStripeGatewayFixture fixture)
{
    private GatewayHost Host => fixture.Gateway.Host;

    private IGrainFactory Grains => Host.Grains();

    private Task<long> PendingAsync(string creatorId) => StripeFlow.BalanceAsync(Host, LedgerAccounts.PendingDiamonds(creatorId));

    private Task<long> SalesAsync() => StripeFlow.BalanceAsync(Host, LedgerAccounts.SubscriptionSales);

    /// <summary>Period ends counted from one instant, so an expected period end equals the one sent to the second.</summary>
    private static readonly DateTimeOffset Origin = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private static DateTimeOffset Month(int n) => Origin.AddDays(30 * n);

    [Fact]
    public async Task Subscribe_creates_a_subscription_mode_checkout_and_the_first_invoice_books_the_creator_share_once()
    {
        var flow = await SubscriptionFlow.StartAsync(Host);
        var request = fixture.Gateway.Stripe.Requests.Single(r => r.Path == "checkout/sessions" && r.Fields.GetValueOrDefault("client_reference_id") == flow.SubscriptionId);
        Assert.Equal("subscription", request.Fields["mode"]);
        Assert.Equal($"sub-checkout:{flow.SubscriptionId}", request.IdempotencyKey);
        Assert.Equal("month", request.Fields["line_items[0][price_data][recurring][interval]"]);
        Assert.Equal("499", request.Fields["line_items[0][price_data][unit_amount]"]);
        Assert.Equal(flow.SubscriptionId, request.Fields["subscription_data[metadata][subscription_id]"]);
        Assert.Equal(flow.CreatorId, request.Fields["subscription_data[metadata][creator_id]"]);
        Assert.DoesNotContain(await flow.Subscriber.GetFromJsonAsync<JsonElement[]>("/api/me/subscriptions") ?? [], s => s.GetProperty("subscriptionId").GetString() == flow.SubscriptionId);

        var sales = await SalesAsync();
        Assert.Equal("Recorded", await flow.CheckoutCompletedAsync());
        var pi = SubscriptionFlow.Id("pi");
        var invoice = SubscriptionFlow.Id("in");
        var eventId = SubscriptionFlow.Id("evt");
        Assert.Equal("Activated", await flow.InvoicePaidAsync(invoice, pi, Month(1), eventId: eventId));
        Assert.Equal("NoChange", await flow.InvoicePaidAsync(invoice, pi, Month(1), eventId: eventId));
        // invoice.payment_succeeded for the same invoice is another event: still one booking per invoice.
        Assert.Equal("NoChange", await flow.InvoicePaidAsync(invoice, pi, Month(1), type: "invoice.payment_succeeded"));

        var mine = await flow.MineAsync();
        Assert.Equal("active", mine.GetProperty("status").GetString());
        Assert.False(mine.GetProperty("cancelAtPeriodEnd").GetBoolean());
        Assert.Equal(SubscriptionFlow.Unix(Month(1)), mine.GetProperty("currentPeriodEnd").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(SubscriptionFlow.CreatorDiamonds, await PendingAsync(flow.CreatorId));
        Assert.Equal(sales - SubscriptionFlow.Price, await SalesAsync());
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Renewal_books_each_invoice_once_and_extends_the_period()
    {
        var flow = await SubscriptionFlow.StartAsync(Host);
        await flow.CheckoutCompletedAsync();
        Assert.Equal("Activated", await flow.InvoicePaidAsync(SubscriptionFlow.Id("in"), SubscriptionFlow.Id("pi"), Month(1)));
        var renewal = SubscriptionFlow.Id("in");
        Assert.Equal("Renewed", await flow.InvoicePaidAsync(renewal, SubscriptionFlow.Id("pi"), Month(2)));
        Assert.Equal("NoChange", await flow.InvoicePaidAsync(renewal, SubscriptionFlow.Id("pi"), Month(2)));

        var mine = await flow.MineAsync();
        Assert.Equal("active", mine.GetProperty("status").GetString());
        Assert.Equal(SubscriptionFlow.Unix(Month(2)), mine.GetProperty("currentPeriodEnd").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(2 * SubscriptionFlow.CreatorDiamonds, await PendingAsync(flow.CreatorId));
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Payment_failure_makes_it_past_due_and_a_later_payment_recovers_it()
    {
        var flow = await SubscriptionFlow.StartAsync(Host);
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        await flow.InvoicePaidAsync(SubscriptionFlow.Id("in"), SubscriptionFlow.Id("pi"), Month(1), start);
        var renewal = SubscriptionFlow.Id("in");
        Assert.Equal("PastDue", await flow.InvoiceFailedAsync(renewal, Month(2), start.AddMinutes(1)));
        var mine = await flow.MineAsync();
        Assert.Equal("past_due", mine.GetProperty("status").GetString());
        Assert.Equal(SubscriptionFlow.Unix(start.AddMinutes(1).AddDays(3)), mine.GetProperty("graceUntil").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(SubscriptionFlow.CreatorDiamonds, await PendingAsync(flow.CreatorId));

        Assert.Equal("Renewed", await flow.InvoicePaidAsync(renewal, SubscriptionFlow.Id("pi"), Month(2), start.AddMinutes(2)));
        mine = await flow.MineAsync();
        Assert.Equal("active", mine.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, mine.GetProperty("graceUntil").ValueKind);
        Assert.Equal(2 * SubscriptionFlow.CreatorDiamonds, await PendingAsync(flow.CreatorId));
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task A_failed_renewal_lapses_when_the_grace_period_is_over()
    {
        var flow = await SubscriptionFlow.StartAsync(Host);
        var longAgo = DateTimeOffset.UtcNow.AddDays(-40);
        await flow.InvoicePaidAsync(SubscriptionFlow.Id("in"), SubscriptionFlow.Id("pi"), longAgo.AddDays(30), longAgo);
        // The renewal failed four days ago; the grace period is three days.
        Assert.Equal("PastDue", await flow.InvoiceFailedAsync(SubscriptionFlow.Id("in"), DateTimeOffset.UtcNow.AddDays(26), DateTimeOffset.UtcNow.AddDays(-4)));
        Assert.Equal("canceled", await flow.StatusAsync());
        var creator = await Grains.GetGrain<Contracts.Subscriptions.ISubscriptionsGrain>(0).EntitledAmong(flow.CreatorId, [flow.SubscriberId]);
        Assert.Empty(creator);
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Cancel_asks_stripe_to_cancel_at_period_end_and_deletion_ends_it_for_good()
    {
        var flow = await SubscriptionFlow.StartAsync(Host);
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        await flow.CheckoutCompletedAsync(start);
        await flow.InvoicePaidAsync(SubscriptionFlow.Id("in"), SubscriptionFlow.Id("pi"), Month(1), start);

        var response = await flow.Subscriber.DeleteAsync($"/api/subscriptions/{flow.SubscriptionId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var update = fixture.Gateway.Stripe.Requests.Single(r => r.Path == $"subscriptions/{flow.StripeSubscriptionId}");
        Assert.Equal("true", update.Fields["cancel_at_period_end"]);
        Assert.Equal($"sub-cancel:{flow.SubscriptionId}", update.IdempotencyKey);
        var mine = await flow.MineAsync();
        Assert.Equal("active", mine.GetProperty("status").GetString());
        Assert.True(mine.GetProperty("cancelAtPeriodEnd").GetBoolean());

        // Someone else cannot cancel it.
        var (_, otherToken) = await Host.RegisterAsync();
        using var other = Host.CreateClient(otherToken);
        var refused = await other.DeleteAsync($"/api/subscriptions/{flow.SubscriptionId}");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        Assert.Equal("Canceled", await flow.SubscriptionEventAsync("customer.subscription.deleted", "canceled", true, Month(1), start.AddMinutes(5)));
        // An older snapshot delivered late cannot bring it back.
        Assert.Equal("NoChange", await flow.SubscriptionEventAsync("customer.subscription.updated", "active", false, Month(1), start.AddMinutes(1)));
        Assert.Equal("canceled", await flow.StatusAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await flow.Subscriber.DeleteAsync($"/api/subscriptions/{flow.SubscriptionId}")).StatusCode);
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Deleting_the_subscribers_account_cancels_the_subscription_at_stripe_at_once_and_the_ledger_still_verifies()
    {
        var flow = await SubscriptionFlow.StartAsync(Host);
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        await flow.CheckoutCompletedAsync(start);
        await flow.InvoicePaidAsync(SubscriptionFlow.Id("in"), SubscriptionFlow.Id("pi"), Month(1), start);
        var before = await WalletKit.AssertLedgerHoldsAsync(Grains);

        var leaving = new HttpRequestMessage(HttpMethod.Delete, "/api/me") { Content = JsonContent.Create(new { password = "correct horse battery" }) };
        Assert.Equal(HttpStatusCode.NoContent, (await flow.Subscriber.SendAsync(leaving)).StatusCode);

        var cancel = fixture.Gateway.Stripe.Requests.Single(r => r.Path == $"DELETE subscriptions/{flow.StripeSubscriptionId}");
        Assert.Equal($"sub-delete:{flow.SubscriptionId}", cancel.IdempotencyKey);
        Assert.Equal("false", cancel.Fields.GetValueOrDefault("invoice_now"));
        Assert.Equal("false", cancel.Fields.GetValueOrDefault("prorate"));
        var view = await Grains.GetGrain<Contracts.Subscriptions.ISubscriptionGrain>(flow.SubscriptionId).Get();
        Assert.Equal(Contracts.Subscriptions.SubscriptionStatus.Canceled, view!.Status);
        Assert.Empty(await Grains.GetGrain<Contracts.Subscriptions.ISubscriptionsGrain>(0).EntitledAmong(flow.CreatorId, [flow.SubscriberId]));
        // Stripe's own customer.subscription.deleted arriving afterwards changes nothing.
        Assert.Equal("NoChange", await flow.SubscriptionEventAsync("customer.subscription.deleted", "canceled", false, Month(1), DateTimeOffset.UtcNow));
        var after = await WalletKit.AssertLedgerHoldsAsync(Grains);
        Assert.Equal(before.Transactions, after.Transactions);
        Assert.Equal(before.Entries, after.Entries);
    }

    [Fact]
    public async Task Out_of_order_events_invoice_before_checkout_and_stale_snapshots_end_in_the_same_state()
    {
        var flow = await SubscriptionFlow.StartAsync(Host);
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        // invoice.paid overtakes checkout.session.completed: the invoice's subscription metadata finds ours.
        Assert.Equal("Activated", await flow.InvoicePaidAsync(SubscriptionFlow.Id("in"), SubscriptionFlow.Id("pi"), Month(1), start.AddMinutes(1)));
        Assert.Equal("Recorded", await flow.CheckoutCompletedAsync(start));
        Assert.Equal("Renewed", await flow.InvoicePaidAsync(SubscriptionFlow.Id("in"), SubscriptionFlow.Id("pi"), Month(2), start.AddMinutes(3)));
        // A past_due snapshot from before the renewal arrives after it: ignored.
        Assert.Equal("NoChange", await flow.SubscriptionEventAsync("customer.subscription.updated", "past_due", false, Month(1), start.AddMinutes(2)));
        var mine = await flow.MineAsync();
        Assert.Equal("active", mine.GetProperty("status").GetString());
        Assert.Equal(SubscriptionFlow.Unix(Month(2)), mine.GetProperty("currentPeriodEnd").GetDateTimeOffset().ToUnixTimeSeconds());
        // A newer snapshot applies: cancel at period end chosen in Stripe's portal.
        Assert.Equal("Updated", await flow.SubscriptionEventAsync("customer.subscription.updated", "active", true, Month(2), start.AddMinutes(4)));
        Assert.True((await flow.MineAsync()).GetProperty("cancelAtPeriodEnd").GetBoolean());
        Assert.Equal(2 * SubscriptionFlow.CreatorDiamonds, await PendingAsync(flow.CreatorId));
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Refunds_claw_back_the_creator_share_once_and_never_beyond_the_invoice()
    {
        var flow = await SubscriptionFlow.StartAsync(Host);
        var pi = SubscriptionFlow.Id("pi");
        await flow.InvoicePaidAsync(SubscriptionFlow.Id("in"), pi, Month(1));
        var sales = await SalesAsync();

        Assert.Equal("ClawedBack", await flow.ChargeRefundedAsync(pi, 200));
        // ⌈698 × 200 / 499⌉ = 280 diamonds clawed from the held invoice.
        Assert.Equal(SubscriptionFlow.CreatorDiamonds - 280, await PendingAsync(flow.CreatorId));
        Assert.Equal(sales + 200, await SalesAsync());
        await WalletKit.AssertLedgerHoldsAsync(Grains);

        var full = SubscriptionFlow.Id("evt");
        Assert.Equal("ClawedBack", await flow.ChargeRefundedAsync(pi, SubscriptionFlow.Price, full));
        Assert.Equal("NoChange", await flow.ChargeRefundedAsync(pi, SubscriptionFlow.Price, full));
        // A smaller cumulative amount delivered late changes nothing.
        Assert.Equal("Recorded", await flow.ChargeRefundedAsync(pi, 200));
        Assert.Equal(0, await PendingAsync(flow.CreatorId));
        Assert.Equal(sales + SubscriptionFlow.Price, await SalesAsync());
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task A_dispute_claws_back_and_a_won_dispute_gives_the_diamonds_back_as_available()
    {
        var flow = await SubscriptionFlow.StartAsync(Host);
        var pi = SubscriptionFlow.Id("pi");
        await flow.InvoicePaidAsync(SubscriptionFlow.Id("in"), pi, Month(1));
        var dispute = SubscriptionFlow.Id("dp");
        Assert.Equal("ClawedBack", await flow.DisputeAsync("charge.dispute.created", pi, dispute, "needs_response"));
        Assert.Equal(0, await PendingAsync(flow.CreatorId));
        await WalletKit.AssertLedgerHoldsAsync(Grains);

        Assert.Equal("Recredited", await flow.DisputeAsync("charge.dispute.closed", pi, dispute, "won"));
        // Won stays won: a late "needs_response" snapshot does not take it again.
        Assert.Equal("Recorded", await flow.DisputeAsync("charge.dispute.updated", pi, dispute, "needs_response"));
        Assert.Equal(0, await PendingAsync(flow.CreatorId));
        Assert.Equal(SubscriptionFlow.CreatorDiamonds, await StripeFlow.BalanceAsync(Host, LedgerAccounts.AvailableDiamonds(flow.CreatorId)));
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task A_dispute_of_an_invoice_books_stripes_fee_once_and_its_return_when_won()
    {
        var flow = await SubscriptionFlow.StartAsync(Host);
        var pi = SubscriptionFlow.Id("pi");
        await flow.InvoicePaidAsync(SubscriptionFlow.Id("in"), pi, Month(1));
        var fees = await StripeFlow.BalanceAsync(Host, LedgerAccounts.DisputeFees);
        var dispute = SubscriptionFlow.Id("dp");
        var withdrawal = (SubscriptionFlow.Id("txn"), -SubscriptionFlow.Price, 1500L);

        Assert.Equal("ClawedBack", await flow.DisputeAsync("charge.dispute.created", pi, dispute, "needs_response", withdrawal));
        Assert.Equal(fees + 1500, await StripeFlow.BalanceAsync(Host, LedgerAccounts.DisputeFees));
        // The same balance transaction in a later snapshot is not booked again.
        Assert.Equal("Recorded", await flow.DisputeAsync("charge.dispute.updated", pi, dispute, "under_review", withdrawal));
        Assert.Equal(fees + 1500, await StripeFlow.BalanceAsync(Host, LedgerAccounts.DisputeFees));
        await WalletKit.AssertLedgerHoldsAsync(Grains);

        var reinstated = (SubscriptionFlow.Id("txn"), SubscriptionFlow.Price, -1500L);
        Assert.Equal("Recredited", await flow.DisputeAsync("charge.dispute.closed", pi, dispute, "won", withdrawal, reinstated));
        Assert.Equal(fees, await StripeFlow.BalanceAsync(Host, LedgerAccounts.DisputeFees));
        Assert.Equal(SubscriptionFlow.CreatorDiamonds, await StripeFlow.BalanceAsync(Host, LedgerAccounts.AvailableDiamonds(flow.CreatorId)));
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Refunds_that_arrive_before_their_invoice_are_applied_to_it_once_it_is_booked()
    {
        // A partial refund (kept as an event) and, on another subscription, a whole refund (kept as a reversal).
        var partial = await SubscriptionFlow.StartAsync(Host);
        var whole = await SubscriptionFlow.StartAsync(Host);
        var (partialPi, wholePi) = (SubscriptionFlow.Id("pi"), SubscriptionFlow.Id("pi"));
        var sales = await SalesAsync();
        var early = SubscriptionFlow.Id("evt");
        Assert.Equal("UnknownPurchase", await partial.ChargeRefundedAsync(partialPi, 200, early));
        Assert.Equal("UnknownPurchase", await whole.ChargeRefundedAsync(wholePi, SubscriptionFlow.Price));

        Assert.Equal("Activated", await partial.InvoicePaidAsync(SubscriptionFlow.Id("in"), partialPi, Month(1)));
        Assert.Equal("Activated", await whole.InvoicePaidAsync(SubscriptionFlow.Id("in"), wholePi, Month(1)));
        // ⌈698 × 200 / 499⌉ = 280 diamonds clawed at once; the whole refund takes all 698.
        Assert.Equal(SubscriptionFlow.CreatorDiamonds - 280, await PendingAsync(partial.CreatorId));
        Assert.Equal(0, await PendingAsync(whole.CreatorId));
        Assert.Equal(sales - 2 * SubscriptionFlow.Price + 200 + SubscriptionFlow.Price, await SalesAsync());
        await WalletKit.AssertLedgerHoldsAsync(Grains);

        // Delivered again, the early refund is now the invoice's and changes nothing; a larger one takes more.
        Assert.Equal("NoChange", await partial.ChargeRefundedAsync(partialPi, 200, early));
        Assert.Equal("ClawedBack", await partial.ChargeRefundedAsync(partialPi, SubscriptionFlow.Price));
        Assert.Equal(0, await PendingAsync(partial.CreatorId));
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task A_refund_that_raced_the_booking_of_its_invoice_is_applied_and_not_left_parked()
    {
        // The race: the webhook looked for the invoice of the refunded payment before it was booked, so it handed the
        // refund to the coin purchase path, which parks it; meanwhile the invoice was booked and claimed nothing.
        // Here the invoice is booked first, then the refund arrives where the raced webhook sent it.
        var partial = await SubscriptionFlow.StartAsync(Host);
        var whole = await SubscriptionFlow.StartAsync(Host);
        var (partialPi, wholePi) = (SubscriptionFlow.Id("pi"), SubscriptionFlow.Id("pi"));
        Assert.Equal("Activated", await partial.InvoicePaidAsync(SubscriptionFlow.Id("in"), partialPi, Month(1)));
        Assert.Equal("Activated", await whole.InvoicePaidAsync(SubscriptionFlow.Id("in"), wholePi, Month(1)));
        var sales = await SalesAsync();
        var payments = Grains.GetGrain<IPaymentsGrain>(0);
        await payments.Apply(new PaymentSignal(SubscriptionFlow.Id("evt"), PaymentSignalKind.Refunded, null, null, partialPi, "charge.refunded",
            AmountCents: SubscriptionFlow.Price, RefundedCents: 200));
        await payments.Apply(new PaymentSignal(SubscriptionFlow.Id("evt"), PaymentSignalKind.Refunded, null, null, wholePi, "charge.refunded"));

        // ⌈698 × 200 / 499⌉ = 280 diamonds clawed back; the whole refund takes all 698; the cash is taken back.
        Assert.Equal(SubscriptionFlow.CreatorDiamonds - 280, await PendingAsync(partial.CreatorId));
        Assert.Equal(0, await PendingAsync(whole.CreatorId));
        Assert.Equal(sales + 200 + SubscriptionFlow.Price, await SalesAsync());
        await WalletKit.AssertLedgerHoldsAsync(Grains);
        // Nothing stays parked: a later, larger refund of the partial one takes only the difference.
        Assert.Equal("ClawedBack", await partial.ChargeRefundedAsync(partialPi, SubscriptionFlow.Price));
        Assert.Equal(0, await PendingAsync(partial.CreatorId));
        Assert.Equal(sales + 2 * SubscriptionFlow.Price, await SalesAsync());
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Bad_requests_get_problem_details()
    {
        var (creatorId, creatorToken) = await Host.RegisterAsync();
        using var creator = Host.CreateClient(creatorToken);
        var tiers = await creator.GetFromJsonAsync<JsonElement>($"/api/creators/{creatorId}/tiers");
        Assert.Contains(tiers.EnumerateArray(), t => t.GetProperty("tierId").GetString() == "supporter" && t.GetProperty("priceCents").GetInt64() == 499);
        Assert.Equal(HttpStatusCode.NotFound, (await creator.GetAsync("/api/creators/nobody-here/tiers")).StatusCode);

        var self = await creator.PostAsJsonAsync("/api/subscriptions", new { creatorId, tierId = "supporter" });
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Equal("self_subscription", (await self.JsonAsync()).GetProperty("code").GetString());
        var tier = await creator.PostAsJsonAsync("/api/subscriptions", new { creatorId = "x", tierId = "platinum" });
        Assert.Equal("unknown_tier", (await tier.JsonAsync()).GetProperty("code").GetString());

        var flow = await SubscriptionFlow.StartAsync(Host, creatorId);
        await flow.InvoicePaidAsync(SubscriptionFlow.Id("in"), SubscriptionFlow.Id("pi"), Month(1));
        var again = await flow.Subscriber.PostAsJsonAsync("/api/subscriptions", new { creatorId, tierId = "superfan" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("already_subscribed", (await again.JsonAsync()).GetProperty("code").GetString());

        var dashboard = await creator.GetFromJsonAsync<JsonElement>("/api/me/subscribers");
        Assert.Equal(1, dashboard.GetProperty("count").GetInt32());
        Assert.Equal(flow.SubscriberId, dashboard.GetProperty("subscribers")[0].GetProperty("subscriberId").GetString());
        Assert.Equal(SubscriptionFlow.CreatorDiamonds, dashboard.GetProperty("earnings").GetProperty("diamonds").GetInt64());
    }
}

public sealed class SubscriptionWebhookTestsOnSqlite(StripeGatewayFixture fixture) : SubscriptionWebhookTests(fixture), IClassFixture<StripeGatewayFixture>;

public sealed class SubscriptionWebhookTestsOnPostgres(PostgresStripeGatewayFixture fixture) : SubscriptionWebhookTests(fixture), IClassFixture<PostgresStripeGatewayFixture>;
