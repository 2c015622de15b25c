using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Stagecast.Grains.Ledger;

public static class LedgerServiceCollectionExtensions
{
    /// <summary>The silo's ledger (economy settings, group-commit writer, reader). Call next to AddStagecastSilo.</summary>
    public static IServiceCollection AddStagecastLedger(this IServiceCollection services)
    {
        services.TryAddSingleton(LedgerService.Create);
        return services;
    }
}
