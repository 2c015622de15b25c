using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Wallet;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>Shared steps: funding a wallet through the payment path, reading balances and the operator check.</summary>
public static class WalletKit
{
    public const string OperatorToken = "operator-secret-for-tests";

    public static IGrainFactory Grains(this GatewayHost host) => host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Buys a pack and confirms it the way a provider would (a paid signal); returns the purchase id.</summary>
    public static async Task<string> FundAsync(IGrainFactory grains, string userId, string packId = "coins-700")
    {
        var ticket = await grains.GetGrain<IWalletGrain>(userId).StartPurchase(packId) ?? throw new InvalidOperationException("unknown pack");
        var outcome = await grains.GetGrain<IPaymentsGrain>(0).Apply(new PaymentSignal("test-paid:" + ticket.PurchaseId, PaymentSignalKind.Paid, ticket.PurchaseId, null, "pi_" + ticket.PurchaseId, "test.paid"));
        if (outcome != PaymentOutcome.Credited)
        {
            throw new InvalidOperationException($"funding gave {outcome}");
        }
        return ticket.PurchaseId;
    }

    public static Task<PaymentOutcome> RefundAsync(IGrainFactory grains, string purchaseId, string? eventId = null) =>
        grains.GetGrain<IPaymentsGrain>(0).Apply(new PaymentSignal(eventId ?? "test-refund:" + purchaseId, PaymentSignalKind.Reversed, purchaseId, null, null, "test.refund"));

    /// <summary>One number read straight from a gateway's SQLite ledger file (read-only, not through the platform).</summary>
    public static async Task<long> LedgerScalarAsync(string dataDirectory, string sql)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, "stagecast.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public static async Task<LedgerAudit> AssertLedgerHoldsAsync(IGrainFactory grains)
    {
        var audit = await grains.GetGrain<IPaymentsGrain>(0).Verify();
        Assert.True(audit.Ok, string.Join("\n", audit.Violations));
        return audit;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetWalletAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/wallet");
        response.EnsureSuccessStatusCode();
        return await response.JsonAsync();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);
}
