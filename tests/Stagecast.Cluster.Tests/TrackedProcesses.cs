using Xunit.Abstractions;

namespace Stagecast.Cluster.Tests;

/// <summary>The silo and gateway processes a test started: on dispose each one's output goes to the test log, then it is killed.</summary>
public sealed class TrackedProcesses(ITestOutputHelper output) : IDisposable
{
    private readonly List<PlatformProcess> _processes = [];

    public PlatformProcess Start(string name, string dll, IDictionary<string, string> environment)
    {
        var process = PlatformProcess.Start(name, dll, environment);
        _processes.Add(process);
        return process;
    }

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            output.WriteLine($"--- {p.Name} (exited: {p.HasExited}) ---\n{p.Output}");
            p.Dispose();
        }
    }
}
