using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Stagecast.Grains.Wallet;

/// <summary>The silo's transfer maker: Stripe when "Stagecast:Stripe:SecretKey" is set, else the sandbox when "Stagecast:Payments:Sandbox" is true (outside Production only).</summary>
public static class CashoutTransfers
{
    public static ICashoutTransfers Create(IConfiguration configuration, IHostEnvironment? environment, CashoutRetryOptions options, ILoggerFactory loggers)
    {
        var section = configuration.GetSection("Stagecast:Stripe");
        if (string.IsNullOrWhiteSpace(section["SecretKey"]))
        {
            // The sandbox only when asked for explicitly, and never in Production: otherwise, without a key, every
            // transfer stays unknown (retrying) until one is set.
            var sandbox = configuration.GetValue("Stagecast:Payments:Sandbox", false) && environment?.IsProduction() != true;
            return sandbox ? new SandboxCashoutTransfers() : new UnconfiguredCashoutTransfers();
        }
        return new StripeCashoutTransfers(section["SecretKey"]!, section["ApiBase"], section["PayoutCurrency"] ?? "usd", options.TransferTimeout,
            loggers.CreateLogger<StripeCashoutTransfers>());
    }
}
