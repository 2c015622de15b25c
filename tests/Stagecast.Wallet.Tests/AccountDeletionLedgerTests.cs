using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>
/// DELETE /api/me against the real ledger: a user who bought and spent coins is deleted, every ledger row that named
/// them names a tombstone instead, nothing is lost and the verifier still passes; an account with diamonds is refused
/// with a 409 that says what to do. Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class AccountDeletionLedgerTests
{
    protected abstract Task<GatewayHost> StartAsync();

    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_deleted_spenders_ledger_rows_are_pseudonymised_and_the_ledger_still_verifies()
    {
        await using var host = await StartAsync();
        var grains = host.Grains();
        var senderName = "del" + Guid.NewGuid().ToString("N")[..10];
        var (senderId, senderToken) = await host.RegisterAsync(senderName, Password);
        var (creatorId, creatorToken) = await host.RegisterAsync();
        await WalletKit.FundAsync(grains, senderId, "coins-70");
        var receipt = await grains.GetGrain<IWalletGrain>(senderId).SendGift(new GiftOrder("room-1", creatorId, "finger-heart", 14, Guid.NewGuid().ToString("N")));
        Assert.Equal(GiftStatus.Sent, receipt.Status);
        var before = await WalletKit.AssertLedgerHoldsAsync(grains);
        Assert.True(await RowsNamingAsync(host, senderId) > 0);

        using var sender = host.CreateClient(senderToken);
        var wrong = await DeleteMeAsync(sender, "not my password");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteMeAsync(sender, Password)).StatusCode);

        Assert.Equal(0, await RowsNamingAsync(host, senderId));
        var after = await WalletKit.AssertLedgerHoldsAsync(grains);
        Assert.Equal(before.Transactions, after.Transactions);
        Assert.Equal(before.Entries, after.Entries);
        Assert.Equal(before.MintedCoins, after.MintedCoins);
        // The creator's side is untouched: the gift's diamonds are still theirs.
        using var creator = host.CreateClient(creatorToken);
        var wallet = await WalletKit.GetWalletAsync(creator);
        Assert.True(wallet.GetProperty("diamonds").GetInt64() + wallet.GetProperty("pendingDiamonds").GetInt64() > 0);
        using var anonymous = host.CreateClient();
        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = senderName, password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sender.GetAsync("/api/wallet")).StatusCode);
    }

    [Fact]
    public async Task An_account_holding_coins_or_diamonds_is_refused_with_a_409_saying_what_to_do()
    {
        await using var host = await StartAsync();
        var grains = host.Grains();
        var (senderId, senderToken) = await host.RegisterAsync(password: Password);
        var (creatorId, creatorToken) = await host.RegisterAsync(password: Password);
        await WalletKit.FundAsync(grains, senderId, "coins-70");
        await grains.GetGrain<IWalletGrain>(senderId).SendGift(new GiftOrder("room-1", creatorId, "rose", 10, Guid.NewGuid().ToString("N")));

        foreach (var (token, coins) in new[] { (senderToken, 60L), (creatorToken, 0L) })
        {
            using var client = host.CreateClient(token);
            var refused = await DeleteMeAsync(client, Password);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.JsonAsync();
            Assert.Equal("balance_open", problem.GetProperty("code").GetString());
            Assert.Equal(coins, problem.GetProperty("coins").GetInt64());
            Assert.Contains("cash out", problem.GetProperty("detail").GetString());
            // Nothing happened: the session still works and the profile is there.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        }
        Assert.True(await RowsNamingAsync(host, creatorId) > 0);
        await WalletKit.AssertLedgerHoldsAsync(grains);
    }

    [Fact]
    public async Task A_creator_with_a_cash_out_in_flight_is_refused_with_a_409_saying_to_wait()
    {
        await using var host = await StartAsync();
        var grains = host.Grains();
        var (senderId, _) = await host.RegisterAsync(password: Password);
        var (creatorId, creatorToken) = await host.RegisterAsync(password: Password);
        await WalletKit.FundAsync(grains, senderId, "coins-700");
        var creatorWallet = grains.GetGrain<IWalletGrain>(creatorId);
        await grains.GetGrain<IWalletGrain>(senderId).SendGift(new GiftOrder("room-1", creatorId, "hand-hearts", 7, Guid.NewGuid().ToString("N")));
        await creatorWallet.SetConnect("acct_" + creatorId[..12], payoutsEnabled: true);
        var diamonds = (await creatorWallet.GetSummary()).Diamonds;
        Assert.Equal(CashoutStatus.Reserved, (await creatorWallet.ReserveCashout("co-" + Guid.NewGuid().ToString("N"), diamonds)).Status);

        using var creator = host.CreateClient(creatorToken);
        var refused = await DeleteMeAsync(creator, Password);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Equal("cashout_pending", problem.GetProperty("code").GetString());
        Assert.Equal(1, problem.GetProperty("openCashouts").GetInt32());
        Assert.Contains("Wait until", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await creator.GetAsync("/api/me")).StatusCode);
        await WalletKit.AssertLedgerHoldsAsync(grains);
    }

    private static Task<HttpResponseMessage> DeleteMeAsync(HttpClient client, string password) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/me") { Content = JsonContent.Create(new { password }) });

    /// <summary>Ledger rows that still contain the user id, in any column the pseudonymisation covers.</summary>
    private static async Task<long> RowsNamingAsync(GatewayHost host, string userId)
    {
        await using var connection = await host.Services.GetRequiredService<IRelationalDatabase>().OpenAsync();
        long total = 0;
        foreach (var (table, column) in PseudonymiseCommand.Columns.Where(c => !c.Table.StartsWith("ledger_sub", StringComparison.Ordinal)))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE {column} LIKE @like";
            var p = command.CreateParameter();
            p.ParameterName = "@like";
            p.Value = "%" + userId + "%";
            command.Parameters.Add(p);
            total += Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return total;
    }
}

public sealed class SqliteAccountDeletionLedgerTests : AccountDeletionLedgerTests
{
    protected override Task<GatewayHost> StartAsync() => GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
    {
        ["Stagecast:Economy:HoldWindow"] = "00:00:00",
        ["Stagecast:Economy:MinimumCashoutDiamonds"] = "100",
    });
}

public sealed class PostgresAccountDeletionLedgerTests : AccountDeletionLedgerTests
{
    protected override async Task<GatewayHost> StartAsync() => await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
    {
        ["Stagecast:Economy:HoldWindow"] = "00:00:00",
        ["Stagecast:Economy:MinimumCashoutDiamonds"] = "100",
        ["Stagecast:StorageProvider"] = "Postgres",
        ["Stagecast:StorageConnectionString"] = await TestServices.CreatePostgresDatabaseAsync("gdpr"),
    });
}
