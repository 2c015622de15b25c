using System.Net.Http.Json;
using Stagecast.Contracts.Wallet;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>A cash-out left "retrying" when its gateway (with the embedded silo) stops is finished by the durable reminder after a restart on the same data.</summary>
public sealed class CashoutRestartTests
{
    private static Dictionary<string, string?> Settings(StripeFake fake) => new()
    {
        ["Stagecast:Stripe:SecretKey"] = "sk_test_fake",
        ["Stagecast:Stripe:WebhookSecret"] = StripeEvents.Secret,
        ["Stagecast:Stripe:ApiBase"] = fake.BaseUrl,
        ["Stagecast:Stripe:TransferTimeout"] = "00:00:01",
        // Long enough that the first silo is gone before the retry is due.
        ["Stagecast:Stripe:TransferRetryFirst"] = "00:00:15",
        ["Stagecast:Economy:HoldWindow"] = "00:00:00",
        ["Stagecast:Economy:MinimumCashoutDiamonds"] = "100",
    };

    [Fact]
    public async Task A_retrying_cash_out_is_paid_once_after_a_restart()
    {
        await using var fake = await StripeFake.StartAsync();
        using var data = new TempDirectory("stagecast-cashout-restart");
        string creator;
        string cashoutId;
        await using (var first = await GatewayHost.StartEmbeddedAsync(data.Path, Settings(fake)))
        {
            (creator, var token) = await first.RegisterAsync();
            using var client = first.CreateClient(token);
            var accountId = (await (await client.PostAsync("/api/wallet/connect/onboarding", null)).JsonAsync()).GetProperty("accountId").GetString()!;
            using var anonymous = first.CreateClient();
            await StripeEvents.PostAsync(anonymous, StripeEvents.Event(StripeFlow.Id("evt"), "account.updated", StripeEvents.Account(accountId, creator, true)));
            var sender = "s-" + Guid.NewGuid().ToString("N");
            await WalletKit.FundAsync(first.Grains(), sender, "coins-700");
            Assert.Equal(GiftStatus.Sent, (await first.Grains().GetGrain<IWalletGrain>(sender).SendGift(new GiftOrder("r", creator, "hand-hearts", 6, "g"))).Status);

            fake.TransferFaults.Enqueue(TransferFault.TimeoutAfterCreate);
            var response = await (await client.PostAsJsonAsync("/api/wallet/cashouts", new { diamonds = 200 })).JsonAsync();
            Assert.Equal("retrying", response.GetProperty("state").GetString());
            cashoutId = response.GetProperty("cashoutId").GetString()!;
        }
        // The first silo never retried: no lookup of the cash-out's transfer reached Stripe.
        Assert.DoesNotContain(cashoutId, fake.Lists);

        await using var second = await GatewayHost.StartEmbeddedAsync(data.Path, Settings(fake));
        var wallet = second.Grains().GetGrain<IWalletGrain>(creator);
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        CashoutTicket ticket;
        while ((ticket = (await wallet.GetCashouts(10)).Single(c => c.CashoutId == cashoutId)).Status is CashoutStatus.Retrying or CashoutStatus.Reserved)
        {
            await Task.Delay(250, guard.Token);
        }
        Assert.Equal(CashoutStatus.Paid, ticket.Status);
        Assert.Equal(2, ticket.Attempts);
        var made = Assert.Single(fake.Transfers, t => t.Value == cashoutId);
        Assert.Equal(made.Key, ticket.TransferId);
        Assert.Contains(cashoutId, fake.Lists);
        var summary = await wallet.GetSummary();
        Assert.Equal(100, summary.Diamonds);
        Assert.Equal(0, summary.ReservedDiamonds);
        await WalletKit.AssertLedgerHoldsAsync(second.Grains());
    }
}
