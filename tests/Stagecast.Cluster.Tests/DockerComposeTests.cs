using System.Diagnostics;
using Stagecast.TestInfrastructure;

namespace Stagecast.Cluster.Tests;

/// <summary>No Docker engine runs here, but the compose file must at least be valid for users.</summary>
public sealed class DockerComposeTests
{
    [Fact]
    public async Task Compose_file_passes_docker_compose_config_and_names_every_service()
    {
        var info = new ProcessStartInfo("docker-compose", ["-f", "docker-compose.yml", "config"])
        {
            WorkingDirectory = TestServices.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["STAGECAST_JWT_SIGNING_KEY"] = Convert.ToBase64String(new byte[32]);
        using var process = Process.Start(info)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, stderr);
        foreach (var service in new[] { "redis", "postgres", "silo1", "silo2", "gateway1", "gateway2", "balancer" })
        {
            Assert.Contains($"  {service}:", stdout);
        }
        Assert.Contains("healthcheck", stdout);
        // WHIP media reaches each gateway's own UDP port, advertised at an address publishers can reach.
        Assert.Contains("protocol: udp", stdout);
        Assert.Matches("published: \"?8189\"?", stdout);
        Assert.Matches("published: \"?8190\"?", stdout);
        Assert.Contains("Ingest__Addresses__0__Advertise: 127.0.0.1", stdout);
    }
}
