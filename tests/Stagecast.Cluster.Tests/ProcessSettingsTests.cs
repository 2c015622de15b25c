using System.Text.Json;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// Silos and gateways are long-running servers: their builds ask the runtime for server GC with background
/// collections (Orleans warns "Silo not running with ServerGC" otherwise). Read from the runtime configuration
/// the build writes beside each binary, which is what `dotnet Stagecast.Silo.dll` starts with.
/// </summary>
public sealed class ProcessSettingsTests
{
    [Theory]
    [InlineData("silo", "Stagecast.Silo")]
    [InlineData("gateway", "Stagecast.Gateway")]
    public void The_built_host_runs_with_server_and_concurrent_GC(string folder, string assembly)
    {
        var dll = PlatformProcess.DllPath(folder, assembly);
        var runtimeConfig = Path.ChangeExtension(dll, ".runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(runtimeConfig));
        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean(), $"{runtimeConfig} lacks server GC");
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean(), $"{runtimeConfig} lacks background GC");
    }
}
