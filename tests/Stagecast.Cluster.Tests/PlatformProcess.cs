using System.Collections.Concurrent;
using System.Diagnostics;
using Stagecast.TestInfrastructure;

namespace Stagecast.Cluster.Tests;

/// <summary>A silo or gateway started as its own OS process from its build output, as an operator would run it.</summary>
public sealed class PlatformProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private PlatformProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The files the process has mapped (its loaded assemblies among them), from /proc/PID/maps.</summary>
    public string MappedFiles() => File.ReadAllText($"/proc/{_process.Id}/maps");

    public string Output => string.Join('\n', _output.TakeLast(400));

    /// <summary>Everything the process wrote so far, standard output and error.</summary>
    public string FullOutput => string.Join('\n', _output);

    /// <summary>What the process wrote to standard error (also part of <see cref="Output"/>).</summary>
    public IReadOnlyList<string> ErrorLines => [.. _errors];

    public int ExitCode => _process.ExitCode;

    /// <summary>Waits for the process to end on its own; false if it is still running at the deadline.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The project's own build output, in the configuration this test assembly was built in.</summary>
    public static string DllPath(string projectFolder, string assemblyName)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(TestServices.RepositoryRoot, projectFolder, "bin", configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {projectFolder} first", path);
    }

    public static PlatformProcess Start(string name, string dll, IDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // Cluster tests pay in the sandbox (gateways) and cash out in it (silos); callers may override.
        info.Environment["Stagecast__Payments__Sandbox"] = "true";
        foreach (var (k, v) in environment)
        {
            // An empty value unsets a variable (for example the sandbox default above).
            if (v.Length == 0)
            {
                info.Environment.Remove(k);
            }
            else
            {
                info.Environment[k] = v;
            }
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var platform = new PlatformProcess(name, process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { platform._output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { platform._output.Enqueue(e.Data); platform._errors.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return platform;
    }

    /// <summary>SIGKILL: no shutdown hooks, no goodbye to the cluster.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        KillHard();
        _process.Dispose();
    }
}
