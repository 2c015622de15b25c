using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Wallet;

namespace Stagecast.Grains.Tests.Wallet;

public sealed class WalletRulesTests
{
    private static readonly EconomyOptions Economy = new()
    {
        Gifts = [new GiftDefinition { Id = "rose", Name = "Rose", Coins = 1 }], MaxGiftCount = 99, MinimumCashoutDiamonds = 1000,
    };

    private static GiftOrder Order(string recipient = "creator", string gift = "rose", int count = 1, string request = "req-1") =>
        new("room", recipient, gift, count, request);

    [Fact]
    public void A_gift_order_is_refused_for_a_bad_request_self_gifts_unknown_gifts_and_counts_out_of_range()
    {
        Assert.Equal(GiftStatus.InvalidRequest, GiftOrders.Refusal(Order(request: " "), "me", Economy, out _));
        Assert.Equal(GiftStatus.InvalidRequest, GiftOrders.Refusal(Order(request: new string('r', 129)), "me", Economy, out _));
        Assert.Equal(GiftStatus.InvalidRequest, GiftOrders.Refusal(Order(recipient: ""), "me", Economy, out _));
        Assert.Equal(GiftStatus.SelfGift, GiftOrders.Refusal(Order(recipient: "me"), "me", Economy, out _));
        Assert.Equal(GiftStatus.UnknownGift, GiftOrders.Refusal(Order(gift: "lion"), "me", Economy, out _));
        Assert.Equal(GiftStatus.InvalidCount, GiftOrders.Refusal(Order(count: 0), "me", Economy, out _));
        Assert.Equal(GiftStatus.InvalidCount, GiftOrders.Refusal(Order(count: 100), "me", Economy, out _));

        Assert.Null(GiftOrders.Refusal(Order(count: 99), "me", Economy, out var gift));
        Assert.Equal("rose", gift!.Id);
    }

    [Fact]
    public void A_cash_out_below_the_minimum_or_without_payouts_is_refused_before_the_ledger()
    {
        var onboarded = new WalletState { ConnectAccountId = "acct_1", PayoutsEnabled = true };
        Assert.Equal(CashoutStatus.BelowMinimum, CashoutTickets.Refusal(999, onboarded, Economy));
        Assert.Equal(CashoutStatus.NotOnboarded, CashoutTickets.Refusal(1000, onboarded with { PayoutsEnabled = false }, Economy));
        Assert.Equal(CashoutStatus.NotOnboarded, CashoutTickets.Refusal(1000, new WalletState(), Economy));
        Assert.Null(CashoutTickets.Refusal(1000, onboarded, Economy));
    }

    [Fact]
    public void A_cash_out_row_reads_as_its_ticket_and_an_unknown_status_as_failed()
    {
        var row = new CashoutRow("c1", "u", 1000, 500, "retrying", null, null, 1_000, Attempts: 2, NextAttemptAtMs: 5_000, LastError: "timeout");
        var ticket = CashoutTickets.From(row);
        Assert.Equal((CashoutStatus.Retrying, 2, "timeout"), (ticket.Status, ticket.Attempts, ticket.LastError));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(5_000), ticket.NextAttemptAt);
        Assert.Equal(CashoutStatus.Paid, CashoutTickets.From(row with { Status = "paid" }).Status);
        Assert.Equal(CashoutStatus.Reversed, CashoutTickets.From(row with { Status = "reversed" }).Status);
        Assert.Equal(CashoutStatus.Failed, CashoutTickets.From(row with { Status = "voided" }).Status);
    }
}
