using Orleans.Configuration;

namespace Stagecast.Grains.Hosting;

/// <summary>
/// Cluster membership timing in cluster mode, derived from <c>Stagecast:FailureDetectionTimeout</c> (docs/operations.md,
/// "Failover"): every wait that stands between a kill -9 and the survivors serving the dead silo's grains is bounded by it.
/// </summary>
public static class StagecastMembership
{
    /// <summary>Orleans' own option names under this section override the values below (for example MaxProbeTimeout).</summary>
    public const string Section = "Orleans:ClusterMembership";

    public static void Configure(ClusterMembershipOptions o, TimeSpan failureDetectionTimeout)
    {
        // Two missed probes of a third of the timeout each declare a silent silo dead; one vote is enough.
        o.ProbeTimeout = failureDetectionTimeout / 3;
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        // Orleans lets a probe's timeout grow to 4x ProbeTimeout (adaptive, and multiplied again while the prober
        // itself looks degraded: thread-pool or timer delays on a busy box). Two such probes plus the probe period
        // took about a minute to declare a killed silo dead; capped, the slowest declaration stays near the timeout.
        o.MaxProbeTimeout = failureDetectionTimeout / 2;
        // A silo that stopped writing its IAmAlive row is treated as stale (probed, then declared dead, and no longer
        // able to block joining silos) after 3 missed writes: 15 s instead of Orleans' 90 s.
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
    }
}
