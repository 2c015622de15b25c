using Orleans.Concurrency;
using Stagecast.Contracts.Health;
using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Health;

/// <summary>Runs on the silo that receives the call and asks its database for a trivial answer.</summary>
[StatelessWorker]
public sealed class HealthGrain(IRelationalDatabase database, ILocalSiloDetails silo) : Grain, IHealthGrain
{
    public async Task<HealthReport> Check()
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync();
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return new HealthReport(silo.SiloAddress.ToString(), database.Kind, DateTimeOffset.UtcNow, hosts.Count);
    }
}
