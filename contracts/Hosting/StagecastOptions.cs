namespace Stagecast.Contracts.Hosting;

/// <summary>The "Stagecast" configuration section shared by silo and gateway hosts.</summary>
public sealed class StagecastOptions
{
    public const string Section = "Stagecast";

    /// <summary>"Embedded" (one process, localhost clustering, SQLite) or "Cluster" (Redis clustering, PostgreSQL).</summary>
    public string Mode { get; set; } = "Embedded";

    /// <summary>Where the embedded default keeps its SQLite file, signing key and recordings.</summary>
    public string DataDirectory { get; set; } = "./data";

    public string ClusterId { get; set; } = "stagecast";

    public string ServiceId { get; set; } = "stagecast";

    /// <summary>"Sqlite" or "Postgres"; the default follows the mode.</summary>
    public string? StorageProvider { get; set; }

    /// <summary>PostgreSQL connection string (cluster mode), or a SQLite file path to override the default.</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>Redis configuration string for cluster membership, e.g. "redis:6379".</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port on which the silo accepts Orleans clients (gateways in cluster mode).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at; defaults to the first non-loopback address (cluster) or loopback (embedded).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>How long a silo may stay silent before the others declare it dead (membership probes).</summary>
    public TimeSpan FailureDetectionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a grain call waits for its answer before failing (a request to a silo that just died fails after this).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsEmbedded => string.Equals(Mode, "Embedded", StringComparison.OrdinalIgnoreCase);

    public bool UsesPostgres => string.Equals(StorageProvider ?? (IsEmbedded ? "Sqlite" : "Postgres"), "Postgres", StringComparison.OrdinalIgnoreCase);

    public string SqlitePath => StorageConnectionString ?? Path.Combine(DataDirectory, "stagecast.db");
}
