namespace Stagecast.Gateway.Hosting;

/// <summary>The feature modules the gateway runs, in order: one line per feature.</summary>
internal static class GatewayModules
{
    public static readonly IGatewayModule[] All =
    [
        new Stagecast.Gateway.Wallet.WalletModule(),
    ];
}
