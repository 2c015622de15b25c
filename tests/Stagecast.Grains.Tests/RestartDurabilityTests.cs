using Stagecast.Contracts.Accounts;
using Stagecast.TestInfrastructure;

namespace Stagecast.Grains.Tests;

public sealed class RestartDurabilityTests
{
    [Fact]
    public async Task A_whole_cluster_restart_on_the_same_SQLite_file_loses_nothing_acknowledged()
    {
        using var data = new TempDirectory("stagecast-restart");
        var path = Path.Combine(data.Path, "stagecast.db");
        var ids = Enumerable.Range(0, 25).Select(i => Guid.NewGuid().ToString("N")).ToArray();

        var first = ClusterFixture.Build(path);
        await first.DeployAsync();
        await Task.WhenAll(ids.Select((id, i) => first.GrainFactory.GetGrain<IUserGrain>(id).Create($"restart{i}_{id[..6]}", $"User {i}", "h")));
        await first.GrainFactory.GetGrain<IUserGrain>(ids[0]).Follow(ids[1]);
        // Kill rather than stop: nothing gets a chance to flush on the way down.
        foreach (var silo in first.Silos.ToArray())
        {
            await first.KillSiloAsync(silo);
        }
        await first.DisposeAsync();

        var second = ClusterFixture.Build(path);
        await second.DeployAsync();
        try
        {
            for (var i = 0; i < ids.Length; i++)
            {
                var profile = await second.GrainFactory.GetGrain<IUserGrain>(ids[i]).GetProfile();
                Assert.NotNull(profile);
                Assert.Equal($"User {i}", profile.DisplayName);
            }
            Assert.Equal([ids[0]], await second.GrainFactory.GetGrain<IUserGrain>(ids[1]).GetFollowers(0, 10));
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }
}
