using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Wallet;

namespace Stagecast.Grains.Tests.Wallet;

public sealed class CashoutProgressTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(2_000_000);
    private static readonly CashoutGrainState Stored = new() { UserId = "u", AccountId = "acct_1", Diamonds = 500 };

    [Fact]
    public void A_wake_stops_what_was_never_stored_or_is_answered_and_restarts_what_was_never_tried()
    {
        Assert.Equal(CashoutWake.Stop, CashoutProgress.Wake(new CashoutGrainState(), Now));
        Assert.Equal(CashoutWake.Stop, CashoutProgress.Wake(Stored with { Attempts = 2, Done = true }, Now));
        Assert.Equal(CashoutWake.Restart, CashoutProgress.Wake(Stored, Now));
    }

    [Fact]
    public void A_wake_tries_again_once_the_next_attempt_is_due_and_waits_before()
    {
        var retrying = Stored with { Attempts = 1, NextAttemptAt = Now.AddSeconds(10) };
        Assert.Equal(CashoutWake.Wait, CashoutProgress.Wake(retrying, Now));
        Assert.Equal(CashoutWake.Attempt, CashoutProgress.Wake(retrying, Now.AddSeconds(10)));
        Assert.Equal(CashoutWake.Attempt, CashoutProgress.Wake(retrying with { NextAttemptAt = null }, Now));
    }

    [Fact]
    public void Done_clears_the_next_attempt_and_is_no_longer_pending()
    {
        var done = CashoutProgress.Done(Stored with { Attempts = 3, NextAttemptAt = Now });
        Assert.Equal((true, (DateTimeOffset?)null, 3), (done.Done, done.NextAttemptAt, done.Attempts));
        Assert.False(CashoutProgress.Pending(done));
        Assert.True(CashoutProgress.Pending(Stored));
    }

    [Fact]
    public void Only_reserved_or_retrying_cash_outs_are_driven_and_only_onboarded_accounts_over_the_minimum_are_payable()
    {
        Assert.True(CashoutProgress.Driven(CashoutStatus.Reserved));
        Assert.True(CashoutProgress.Driven(CashoutStatus.Retrying));
        Assert.False(CashoutProgress.Driven(CashoutStatus.Paid));
        Assert.False(CashoutProgress.Driven(CashoutStatus.Unknown));

        Assert.True(CashoutProgress.Payable(new ConnectStatus("acct_1", true), 500, 500));
        Assert.False(CashoutProgress.Payable(new ConnectStatus("acct_1", true), 499, 500));
        Assert.False(CashoutProgress.Payable(new ConnectStatus("acct_1", false), 500, 500));
        Assert.False(CashoutProgress.Payable(new ConnectStatus(null, true), 500, 500));
        Assert.False(CashoutProgress.Payable(null, 500, 500));
    }
}
