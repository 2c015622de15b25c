using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Subscriptions;

namespace Stagecast.Grains.Subscriptions;

/// <summary>
/// Arms the refund sweep's reminder when a silo starts (idempotent), so parked refunds left by an older version or by a
/// lost arming are swept too. Best effort: a silo whose reminder table is not reachable yet still starts, and parking a
/// refund arms the sweep again before it commits.
/// </summary>
public static class RefundSweepStart
{
    public static async Task ArmAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<IGrainFactory>().GetGrain<IRefundSweepGrain>(0).Arm();
        }
        catch (Exception ex)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RefundSweepStart))
                .LogWarning(ex, "Could not arm the refund sweep at start; parking a refund arms it");
        }
    }
}
