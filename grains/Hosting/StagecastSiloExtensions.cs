using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using StackExchange.Redis;
using Stagecast.Contracts.Hosting;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Matches;
using Stagecast.Grains.Operations;
using Stagecast.Grains.Reminders;
using Stagecast.Grains.Storage;
using Stagecast.Grains.Videos;

namespace Stagecast.Grains.Hosting;

/// <summary>One place that turns configuration into a Stagecast silo, used by the silo host, the embedded gateway and tests.</summary>
public static class StagecastSiloExtensions
{
    /// <summary>False leaves the Orleans Dashboard out (docs/operations.md, "Dashboard"); silos and gateways must agree.</summary>
    public const string DashboardKey = "Stagecast:Dashboard:Enabled";

    /// <summary>Clustering, storage, reminders and everything grains take in their constructors, as the "Stagecast" section says.</summary>
    public static ISiloBuilder AddStagecastSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(StagecastOptions.Section).Get<StagecastOptions>() ?? new StagecastOptions();
        silo.Configure<ClusterOptions>(o => StagecastCluster.Configure(o, options));
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
        // Grain calls carry the caller's trace context and make spans (only while a tracer listens: docs/operations.md, "Traces").
        silo.AddActivityPropagation();
        if (options.IsEmbedded)
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }
        else
        {
            var redis = StagecastCluster.RedisConnectionString(options);
            silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            var address = options.AdvertisedAddress is { Length: > 0 } a ? IPAddress.Parse(a) : FirstUsableAddress();
            silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
            silo.Configure<ClusterMembershipOptions>(o => StagecastMembership.Configure(o, options.FailureDetectionTimeout));
            // Operators may still set any Orleans membership option by name (docs/operations.md, "Failover").
            silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(StagecastMembership.Section));
        }
        // The grains' own assembly, so a host that loads it at run time (the embedded gateway) still finds its grains.
        silo.Services.AddSerializer(serializer => serializer.AddAssembly(typeof(StagecastSiloExtensions).Assembly));
        silo.Services.AddStagecastStorage(options);
        silo.Services.AddStagecastLedger();
        silo.AddStartupTask(Subscriptions.RefundSweepStart.ArmAsync);
        silo.Services.AddStagecastMatches(configuration);
        silo.Services.Configure<Rooms.RoomLifecycleOptions>(configuration.GetSection(Rooms.RoomLifecycleOptions.Section));
        silo.Services.AddOptions<Rooms.LargeRoomOptions>().Bind(configuration.GetSection(Rooms.LargeRoomOptions.Section))
            .Validate(o => o.IsValid(), Rooms.LargeRoomOptions.Rule).ValidateOnStart();
        silo.Services.Configure<Moderation.SuspensionOptions>(configuration.GetSection(Moderation.SuspensionOptions.Section));
        silo.Services.Configure<Privacy.DeletionRetryOptions>(configuration.GetSection(Privacy.DeletionRetryOptions.Section));
        // The ledger lives where the silo does (a cluster gateway has no database): its meter too.
        silo.Services.AddHostedService<LedgerMetrics>();
        silo.Services.AddStagecastVideos(configuration, options.DataDirectory);
        // The Orleans Dashboard's grains and profiler; the gateway (and a cluster silo) serve its pages to operators.
        if (configuration.GetValue(DashboardKey, true))
        {
            silo.AddDashboard(o => o.HideTrace = true);
        }
        return silo;
    }

    /// <summary>The relational database, the "store" grain storage (also the default) and durable reminders.</summary>
    public static IServiceCollection AddStagecastStorage(this IServiceCollection services, StagecastOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRelationalDatabase>(_ => options.UsesPostgres
            ? new PostgresDatabase(options.StorageConnectionString
                ?? throw new InvalidOperationException("Stagecast:StorageConnectionString (PostgreSQL) is required."))
            : new SqliteDatabase(options.SqlitePath));
        foreach (var name in new[] { "store", ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, "PubSubStore" })
        {
            services.AddGrainStorage(name, (sp, n) => new RelationalGrainStorage(
                n,
                sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
                sp.GetRequiredService<IRelationalDatabase>(),
                sp.GetRequiredService<Serializer>(),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RelationalGrainStorage>>()));
        }
        services.AddReminders();
        services.AddSingleton<IReminderTable, RelationalReminderTable>();
        return services;
    }

    private static IPAddress FirstUsableAddress()
    {
        var addresses = Dns.GetHostAddresses(Dns.GetHostName());
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
    }
}
