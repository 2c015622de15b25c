using Orleans.Configuration;

namespace Stagecast.Contracts.Hosting;

/// <summary>The cluster settings silos and cluster-mode gateways must agree on, written once.</summary>
public static class StagecastCluster
{
    /// <summary>Copies ClusterId and ServiceId into Orleans' cluster options.</summary>
    public static void Configure(ClusterOptions cluster, StagecastOptions options)
    {
        cluster.ClusterId = options.ClusterId;
        cluster.ServiceId = options.ServiceId;
    }

    /// <summary>The Redis membership configuration string; cluster mode cannot start without it.</summary>
    public static string RedisConnectionString(StagecastOptions options) =>
        options.RedisConnectionString is { Length: > 0 } redis
            ? redis
            : throw new InvalidOperationException("Stagecast:RedisConnectionString is required in cluster mode.");
}
