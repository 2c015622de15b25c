using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Stagecast.Grains.Wallet;

/// <summary>The silo's transfer maker: a registered <see cref="ICashoutTransfers"/>, else Stripe when "Stagecast:Stripe:SecretKey" is set, else the sandbox when "Stagecast:Payments:Sandbox" is true (outside Production only).</summary>
public static class CashoutTransfers
{
    private static readonly ConditionalWeakTable<IConfiguration, ICashoutTransfers> Built = new();

    public static ICashoutTransfers For(IServiceProvider services) =>
        services.GetService<ICashoutTransfers>() ?? Built.GetValue(services.GetRequiredService<IConfiguration>(), configuration =>
        {
            var section = configuration.GetSection("Stagecast:Stripe");
            if (string.IsNullOrWhiteSpace(section["SecretKey"]))
            {
                // The sandbox only when asked for explicitly, and never in Production: otherwise, without a key, every
                // transfer stays unknown (retrying) until one is set.
                var sandbox = configuration.GetValue("Stagecast:Payments:Sandbox", false)
                    && services.GetService<IHostEnvironment>()?.IsProduction() != true;
                return sandbox ? new SandboxCashoutTransfers() : new UnconfiguredCashoutTransfers();
            }
            var options = CashoutRetryOptions.From(configuration);
            return new StripeCashoutTransfers(section["SecretKey"]!, section["ApiBase"], section["PayoutCurrency"] ?? "usd", options.TransferTimeout,
                services.GetRequiredService<ILoggerFactory>().CreateLogger<StripeCashoutTransfers>());
        });
}
