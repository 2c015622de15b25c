using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Stagecast.Grains.Wallet;

/// <summary>The silo's transfer maker: Stripe when "Stagecast:Stripe:SecretKey" is set, else the sandbox (outside Production only).</summary>
public static class CashoutTransfers
{
    public static ICashoutTransfers Create(IConfiguration configuration, IHostEnvironment? environment, CashoutRetryOptions options, ILoggerFactory loggers)
    {
        var section = configuration.GetSection("Stagecast:Stripe");
        if (string.IsNullOrWhiteSpace(section["SecretKey"]))
        {
            // Never pretend to pay in Production: without a key every transfer stays unknown (retrying) until one is set.
            return environment?.IsProduction() == true ? new UnconfiguredCashoutTransfers() : new SandboxCashoutTransfers();
        }
        return new StripeCashoutTransfers(section["SecretKey"]!, section["ApiBase"], section["PayoutCurrency"] ?? "usd", options.TransferTimeout,
            loggers.CreateLogger<StripeCashoutTransfers>());
    }
}
