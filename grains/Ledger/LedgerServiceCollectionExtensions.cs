using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Storage;
using Stagecast.Grains.Wallet;

namespace Stagecast.Grains.Ledger;

public static class LedgerServiceCollectionExtensions
{
    /// <summary>
    /// What the wallet, payments and cash-out grains take in their constructors: economy and cash-out retry settings
    /// (also as <see cref="IOptions{T}"/>), the ledger (group-commit writer, reader) and the transfer maker. Registered
    /// once per container; a test may register its own <see cref="ICashoutTransfers"/> first. AddStagecastSilo calls it.
    /// </summary>
    public static IServiceCollection AddStagecastLedger(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => EconomyOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton(sp => Options.Create(sp.GetRequiredService<EconomyOptions>()));
        services.TryAddSingleton(sp => Contracts.Subscriptions.SubscriptionOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton(sp => CashoutRetryOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton(sp => Options.Create(sp.GetRequiredService<CashoutRetryOptions>()));
        services.TryAddSingleton(sp => LedgerService.Create(
            sp.GetRequiredService<IRelationalDatabase>(),
            sp.GetRequiredService<IOptions<EconomyOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton(sp => CashoutTransfers.Create(
            sp.GetRequiredService<IConfiguration>(),
            sp.GetService<IHostEnvironment>(),
            sp.GetRequiredService<CashoutRetryOptions>(),
            sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
