using System.Net;
using System.Net.Http.Json;
using Stagecast.Contracts.Moderation;
using Stagecast.Contracts.Wallet;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>
/// While a creator's account is suspended or banned nothing is sent to Stripe Connect: a pending cash-out is held
/// (diamonds stay reserved), a new one is refused; restoring the account sends the held one, once, with its key.
/// </summary>
public sealed class SuspendedCashoutTests : IAsyncLifetime
{
    private StripeGateway _gateway = null!;

    private GatewayHost Host => _gateway.Host;

    private StripeFake Stripe => _gateway.Stripe;

    public async Task InitializeAsync() => _gateway = await StripeGateway.StartAsync(holdWindow: "00:00:00");

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private int TransferPosts(string cashoutId) =>
        Stripe.Requests.Count(r => r.Path == "transfers" && r.Fields.GetValueOrDefault("transfer_group") == cashoutId);

    /// <summary>A cash-out whose transfer keeps getting 503 (so it is retrying, queued) when the account is restricted.</summary>
    private async Task<(string Creator, string CashoutId)> RetryingCashoutAsync()
    {
        var (creator, client, _) = await StripeFlow.CreatorAsync(Host);
        for (var i = 0; i < 1000; i++)
        {
            Stripe.TransferFaults.Enqueue(TransferFault.ServiceUnavailable);
        }
        var first = await (await client.PostAsJsonAsync("/api/wallet/cashouts", new { diamonds = 200 })).JsonAsync();
        Assert.Equal("retrying", first.GetProperty("state").GetString());
        return (creator, first.GetProperty("cashoutId").GetString()!);
    }

    /// <summary>Polls the creator's cash-out until it has the wanted status (a failure guard, not a timing assertion).</summary>
    private async Task<CashoutTicket> WaitForAsync(string creator, string cashoutId, CashoutStatus status)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var ticket = (await Host.Grains().GetGrain<IWalletGrain>(creator).GetCashouts(10)).Single(c => c.CashoutId == cashoutId);
            if (ticket.Status == status)
            {
                return ticket;
            }
            await Task.Delay(100, guard.Token);
        }
    }

    /// <summary>Holds the cash-out: the 503s stop, and the reminder's rechecks send nothing while the account is restricted.</summary>
    private async Task AssertHeldAsync(string creator, string cashoutId)
    {
        var held = await WaitForAsync(creator, cashoutId, CashoutStatus.Held);
        Stripe.TransferFaults.Clear();
        var posts = TransferPosts(cashoutId);
        for (var i = 0; i < 3; i++)
        {
            await Host.Grains().GetGrain<ICashoutGrain>(cashoutId).Recheck();
        }
        Assert.Equal(posts, TransferPosts(cashoutId));
        Assert.Equal(CashoutStatus.Held, (await Host.Grains().GetGrain<ICashoutGrain>(cashoutId).GetTicket()).Status);
        Assert.DoesNotContain(cashoutId, Stripe.Transfers.Values);
        Assert.Null(held.NextAttemptAt);
        var summary = await Host.Grains().GetGrain<IWalletGrain>(creator).GetSummary();
        Assert.Equal((100, 200), (summary.Diamonds, summary.ReservedDiamonds));
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
    }

    [Fact]
    public async Task A_queued_cash_out_is_held_while_suspended_and_paid_once_on_reinstatement()
    {
        var (creator, cashoutId) = await RetryingCashoutAsync();
        await Host.Grains().GetGrain<IAccountStandingGrain>(creator).Restrict(DateTimeOffset.UtcNow.AddHours(1), "test");
        await AssertHeldAsync(creator, cashoutId);

        await Host.Grains().GetGrain<IAccountStandingGrain>(creator).Restore();
        var paid = await WaitForAsync(creator, cashoutId, CashoutStatus.Paid);
        var made = Assert.Single(Stripe.Transfers, t => t.Value == cashoutId);
        Assert.Equal(made.Key, paid.TransferId);
        Assert.All(Stripe.Requests.Where(r => r.Path == "transfers" && r.Fields.GetValueOrDefault("transfer_group") == cashoutId),
            r => Assert.Equal($"cashout:{cashoutId}", r.IdempotencyKey));
        var summary = await Host.Grains().GetGrain<IWalletGrain>(creator).GetSummary();
        Assert.Equal((100, 0), (summary.Diamonds, summary.ReservedDiamonds));
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
    }

    [Fact]
    public async Task A_new_cash_out_of_a_suspended_account_is_refused_before_anything_is_reserved()
    {
        var (creator, client, _) = await StripeFlow.CreatorAsync(Host);
        await Host.Grains().GetGrain<IAccountStandingGrain>(creator).Restrict(DateTimeOffset.UtcNow.AddHours(1), "test");

        // The revoked session cannot ask at all; the cash-out grain refuses whoever asks in its name.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/wallet/cashouts", new { diamonds = 200 })).StatusCode);
        var cashoutId = "co_" + Guid.NewGuid().ToString("N");
        var ticket = await Host.Grains().GetGrain<ICashoutGrain>(cashoutId).Start(creator, 200);
        Assert.Equal(CashoutStatus.AccountRestricted, ticket.Status);
        Assert.Empty(await Host.Grains().GetGrain<IWalletGrain>(creator).GetCashouts(10));
        Assert.Equal(0, TransferPosts(cashoutId));
        var summary = await Host.Grains().GetGrain<IWalletGrain>(creator).GetSummary();
        Assert.Equal((300, 0), (summary.Diamonds, summary.ReservedDiamonds));
    }

    [Fact]
    public async Task A_suspension_that_ends_in_a_ban_keeps_the_held_diamonds_in_the_ledger_and_sends_nothing()
    {
        var (creator, cashoutId) = await RetryingCashoutAsync();
        var standing = Host.Grains().GetGrain<IAccountStandingGrain>(creator);
        await standing.Restrict(DateTimeOffset.UtcNow.AddHours(1), "test");
        await standing.Restrict(null, "ban");
        Assert.Equal(StandingStatus.Banned, (await standing.Get()).Status);
        await AssertHeldAsync(creator, cashoutId);
        // No coin created or lost: every currency still sums to zero, and the 200 diamonds are still the creator's, reserved.
        var audit = await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
        Assert.All(audit.CurrencySums.Values, sum => Assert.Equal(0, sum));
        Assert.Empty(Stripe.Transfers);
    }
}
