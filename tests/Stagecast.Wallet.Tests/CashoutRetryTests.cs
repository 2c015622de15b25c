using System.Net.Http.Json;
using System.Text.Json;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>
/// Cash-outs whose Stripe Transfer ends with no definite answer (timeout, 503, connection reset, all from the fake)
/// are retried by their grain with the same idempotency key until Stripe answers; then posted or voided, exactly once.
/// </summary>
public abstract class CashoutRetryTests : IAsyncLifetime
{
    private StripeGateway _gateway = null!;

    private GatewayHost Host => _gateway.Host;

    private StripeFake Stripe => _gateway.Stripe;

    /// <summary>Extra gateway settings (the storage).</summary>
    protected abstract Task<IDictionary<string, string?>> SettingsAsync();

    public async Task InitializeAsync() => _gateway = await StripeGateway.StartAsync(holdWindow: "00:00:00", extra: await SettingsAsync());

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private Task<(string Creator, HttpClient Client, string AccountId)> CreatorAsync() => StripeFlow.CreatorAsync(Host);

    private static async Task<JsonElement> CashoutAsync(HttpClient client, long diamonds) =>
        await (await client.PostAsJsonAsync("/api/wallet/cashouts", new { diamonds })).JsonAsync();

    /// <summary>Polls the creator's cash-out list until the cash-out reaches a final state (a failure guard, not a timing assertion).</summary>
    private static async Task<JsonElement> SettledAsync(HttpClient client, string cashoutId)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var list = await (await client.GetAsync("/api/wallet/cashouts", guard.Token)).JsonAsync();
            var item = list.EnumerateArray().Single(c => c.GetProperty("cashoutId").GetString() == cashoutId);
            if (item.GetProperty("state").GetString() is "paid" or "failed")
            {
                return item;
            }
            await Task.Delay(100, guard.Token);
        }
    }

    [Fact]
    public async Task Unknown_outcomes_are_retried_with_the_same_key_until_paid_and_pay_once()
    {
        var (_, client, accountId) = await CreatorAsync();
        Stripe.TransferFaults.Enqueue(TransferFault.ServiceUnavailable);
        Stripe.TransferFaults.Enqueue(TransferFault.ConnectionReset);
        Stripe.TransferFaults.Enqueue(TransferFault.TimeoutAfterCreate);

        var first = await CashoutAsync(client, 200);
        Assert.Equal("retrying", first.GetProperty("status").GetString());
        Assert.Equal("retrying", first.GetProperty("state").GetString());
        Assert.Equal(1, first.GetProperty("attempts").GetInt32());
        Assert.Equal("http 503", first.GetProperty("lastError").GetString());
        Assert.NotEqual(JsonValueKind.Null, first.GetProperty("nextAttemptAt").ValueKind);
        var cashoutId = first.GetProperty("cashoutId").GetString()!;
        // While the outcome is unknown the diamonds stay reserved.
        Assert.Equal(200, (await WalletKit.GetWalletAsync(client)).GetProperty("reservedDiamonds").GetInt64());

        var paid = await SettledAsync(client, cashoutId);
        Assert.Equal("paid", paid.GetProperty("state").GetString());
        // 503, reset, timeout (the transfer was made), then the retry finds it: four attempts, one transfer.
        Assert.Equal(4, paid.GetProperty("attempts").GetInt32());
        var made = Assert.Single(Stripe.Transfers, t => t.Value == cashoutId);
        Assert.Equal(made.Key, paid.GetProperty("transferId").GetString());
        var posts = Stripe.Requests.Where(r => r.Path == "transfers" && r.Fields.GetValueOrDefault("transfer_group") == cashoutId).ToArray();
        Assert.Equal(3, posts.Length);
        Assert.All(posts, r => Assert.Equal($"cashout:{cashoutId}", r.IdempotencyKey));
        Assert.All(posts, r => Assert.Equal(accountId, r.Fields["destination"]));
        Assert.Contains(cashoutId, Stripe.Lists);

        var wallet = await WalletKit.GetWalletAsync(client);
        Assert.Equal(100, wallet.GetProperty("diamonds").GetInt64());
        Assert.Equal(0, wallet.GetProperty("reservedDiamonds").GetInt64());
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
        Assert.Equal(100, await StripeFlow.BalanceAsync(Host, LedgerAccounts.CreatorPayouts));
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_gets_stripes_first_answer()
    {
        var (_, client, _) = await CreatorAsync();
        Stripe.HideTransfersFromList = true;
        Stripe.TransferFaults.Enqueue(TransferFault.TimeoutAfterCreate);
        var first = await CashoutAsync(client, 200);
        Assert.Equal("retrying", first.GetProperty("state").GetString());
        var cashoutId = first.GetProperty("cashoutId").GetString()!;
        var paid = await SettledAsync(client, cashoutId);
        Assert.Equal("paid", paid.GetProperty("state").GetString());
        Assert.Equal(2, paid.GetProperty("attempts").GetInt32());
        var made = Assert.Single(Stripe.Transfers, t => t.Value == cashoutId);
        Assert.Equal(made.Key, paid.GetProperty("transferId").GetString());
        Assert.All(Stripe.Requests.Where(r => r.Path == "transfers"), r => Assert.Equal($"cashout:{cashoutId}", r.IdempotencyKey));
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
    }

    [Fact]
    public async Task A_definite_refusal_after_unknown_outcomes_voids_the_reservation()
    {
        var (_, client, _) = await CreatorAsync();
        Stripe.TransferFaults.Enqueue(TransferFault.ServiceUnavailable);
        Stripe.FailTransfersWith = "insufficient_funds";
        var first = await CashoutAsync(client, 200);
        Assert.Equal("retrying", first.GetProperty("state").GetString());
        var failed = await SettledAsync(client, first.GetProperty("cashoutId").GetString()!);
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Equal("insufficient_funds", failed.GetProperty("failure").GetString());
        Assert.Equal(2, failed.GetProperty("attempts").GetInt32());
        var wallet = await WalletKit.GetWalletAsync(client);
        Assert.Equal(300, wallet.GetProperty("diamonds").GetInt64());
        Assert.Equal(0, wallet.GetProperty("reservedDiamonds").GetInt64());
        Assert.Empty(Stripe.Transfers);
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
    }

    [Fact]
    public async Task Transfer_reversed_returns_the_diamonds_cumulatively_and_once()
    {
        var (_, client, accountId) = await CreatorAsync();
        var paid = await CashoutAsync(client, 200);
        Assert.Equal("paid", paid.GetProperty("state").GetString());
        var cashoutId = paid.GetProperty("cashoutId").GetString()!;
        var transferId = paid.GetProperty("transferId").GetString()!;
        Assert.Equal(100, (await WalletKit.GetWalletAsync(client)).GetProperty("diamonds").GetInt64());
        using var anonymous = Host.CreateClient();

        async Task<string> ReversedAsync(long amountReversed, string? eventId = null)
        {
            var transfer = $$$"""
                {"id":"{{{transferId}}}","object":"transfer","amount":100,"amount_reversed":{{{amountReversed}}},"currency":"usd","destination":"{{{accountId}}}",
                 "transfer_group":"{{{cashoutId}}}","reversed":{{{(amountReversed >= 100 ? "true" : "false")}}},"metadata":{"cashout_id":"{{{cashoutId}}}"}}
                """;
            var response = await StripeEvents.PostAsync(anonymous, StripeEvents.Event(eventId ?? StripeFlow.Id("evt"), "transfer.reversed", transfer));
            return (await response.JsonAsync()).GetProperty("outcome").GetString()!;
        }

        // Half the transfer back: half the diamonds (100 of 200) are available again; the cash-out is still paid.
        var half = StripeFlow.Id("evt");
        Assert.Equal("Paid", await ReversedAsync(50, half));
        Assert.Equal(200, (await WalletKit.GetWalletAsync(client)).GetProperty("diamonds").GetInt64());
        Assert.Equal("Paid", await ReversedAsync(50, half));
        Assert.Equal("Paid", await ReversedAsync(50));
        Assert.Equal(200, (await WalletKit.GetWalletAsync(client)).GetProperty("diamonds").GetInt64());
        // All of it: every diamond back, the cash-out shows "reversed".
        Assert.Equal("Reversed", await ReversedAsync(100));
        Assert.Equal(300, (await WalletKit.GetWalletAsync(client)).GetProperty("diamonds").GetInt64());
        Assert.Equal("Reversed", await ReversedAsync(100));
        var list = await (await client.GetAsync("/api/wallet/cashouts")).JsonAsync();
        Assert.Equal("reversed", list.EnumerateArray().Single(c => c.GetProperty("cashoutId").GetString() == cashoutId).GetProperty("state").GetString());
        Assert.Equal(0, await StripeFlow.BalanceAsync(Host, LedgerAccounts.CreatorPayouts));
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
    }
}

/// <summary>The cash-out retry scenarios on the embedded SQLite ledger.</summary>
public sealed class CashoutRetryTestsOnSqlite : CashoutRetryTests
{
    protected override Task<IDictionary<string, string?>> SettingsAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());
}

/// <summary>The cash-out retry scenarios on a PostgreSQL ledger.</summary>
public sealed class CashoutRetryTestsOnPostgres : CashoutRetryTests
{
    protected override async Task<IDictionary<string, string?>> SettingsAsync() => new Dictionary<string, string?>
    {
        ["Stagecast:StorageProvider"] = "Postgres",
        ["Stagecast:StorageConnectionString"] = await TestServices.CreatePostgresDatabaseAsync("cashout"),
    };
}
