using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>One embedded gateway with the sandbox provider, no hold window and a low cash-out minimum, shared by a test class.</summary>
public sealed class SandboxGatewayFixture : IAsyncLifetime
{
    public GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Economy:HoldWindow"] = "00:00:00",
            ["Stagecast:Economy:MinimumCashoutDiamonds"] = "100",
            ["Stagecast:Economy:OperatorToken"] = WalletKit.OperatorToken,
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
