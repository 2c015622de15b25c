using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stagecast.Grains.Operations;

namespace Stagecast.Grains.Ledger;

public static class LedgerServiceCollectionExtensions
{
    /// <summary>The silo's ledger (economy settings, group-commit writer, reader) and its meter. Call next to AddStagecastSilo.</summary>
    public static IServiceCollection AddStagecastLedger(this IServiceCollection services)
    {
        services.TryAddSingleton(LedgerService.Create);
        services.AddHostedService<LedgerMetrics>();
        return services;
    }
}
