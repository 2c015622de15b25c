using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>An embedded gateway whose Stripe.net client talks to the local <see cref="StripeFake"/>.</summary>
public sealed class StripeGateway : IAsyncDisposable
{
    public required StripeFake Stripe { get; init; }

    public required GatewayHost Host { get; init; }

    public static async Task<StripeGateway> StartAsync(string holdWindow = "7.00:00:00", IDictionary<string, string?>? extra = null)
    {
        var fake = await StripeFake.StartAsync();
        var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            // Short transfer timeout and retry waits, so unknown outcomes are retried within a test.
            ["Stagecast:Stripe:TransferTimeout"] = "00:00:01",
            ["Stagecast:Stripe:TransferRetryFirst"] = "00:00:00.200",
            ["Stagecast:Stripe:TransferRetryMax"] = "00:00:01",
            ["Stagecast:Stripe:SecretKey"] = "sk_test_fake",
            ["Stagecast:Stripe:WebhookSecret"] = StripeEvents.Secret,
            ["Stagecast:Stripe:ApiBase"] = fake.BaseUrl,
            ["Stagecast:Economy:HoldWindow"] = holdWindow,
            ["Stagecast:Economy:MinimumCashoutDiamonds"] = "100",
            // Parked refunds are swept every second, so a test sees the sweep (RefundSweepTests).
            ["Stagecast:Subscriptions:RefundSweepPeriod"] = "00:00:01",
        }.Concat(extra ?? new Dictionary<string, string?>()).ToDictionary(kv => kv.Key, kv => kv.Value));
        return new StripeGateway { Stripe = fake, Host = host };
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

/// <summary>Shares one Stripe-backed gateway across a test class.</summary>
public sealed class StripeGatewayFixture : IAsyncLifetime, IStripeGatewayFixture
{
    public StripeGateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await StripeGateway.StartAsync();

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
