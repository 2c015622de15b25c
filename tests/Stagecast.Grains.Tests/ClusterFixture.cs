using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using Stagecast.Contracts.Hosting;
using Stagecast.Grains.Hosting;
using Stagecast.Media.Videos;
using Stagecast.TestInfrastructure;

namespace Stagecast.Grains.Tests;

/// <summary>An in-process Orleans cluster of two silos sharing one SQLite file, as the embedded storage runs.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new("stagecast-grains");

    public TestCluster Cluster { get; private set; } = null!;

    public string DatabasePath => Path.Combine(_data.Path, "stagecast.db");

    public static TestCluster Build(string databasePath, int silos = 2)
    {
        var builder = new TestClusterBuilder((short)silos);
        // A fixed service id: storage rows are per service, and a restarted cluster must find its own.
        builder.Options.ServiceId = "stagecast-test";
        builder.Properties["Stagecast:StorageConnectionString"] = databasePath;
        builder.AddSiloBuilderConfigurator<SqliteSilo>();
        return builder.Build();
    }

    public async Task InitializeAsync()
    {
        Cluster = Build(DatabasePath);
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        _data.Dispose();
    }

    private sealed class SqliteSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var options = new StagecastOptions
            {
                StorageProvider = "Sqlite",
                StorageConnectionString = siloBuilder.Configuration["Stagecast:StorageConnectionString"],
            };
            siloBuilder.Services.AddStagecastStorage(options);
            // Video storage and reminders, for the grains that clean up after themselves (resumable uploads).
            siloBuilder.UseInMemoryReminderService();
            var data = Path.GetDirectoryName(Path.GetFullPath(options.StorageConnectionString!))!;
            siloBuilder.Services.AddVideoMedia(new VideoOptions(), data);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
