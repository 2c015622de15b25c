using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>A Stripe-backed embedded gateway whose ledger is in PostgreSQL (STAGECAST_TEST_POSTGRES).</summary>
public sealed class PostgresStripeGatewayFixture : IAsyncLifetime, IStripeGatewayFixture
{
    public StripeGateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await StripeGateway.StartAsync(extra: new Dictionary<string, string?>
    {
        ["Stagecast:StorageProvider"] = "Postgres",
        ["Stagecast:StorageConnectionString"] = await TestServices.CreatePostgresDatabaseAsync("payments"),
    });

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
