using System.Diagnostics;
using System.Text.Json;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;

namespace Stagecast.Hls.Tests.Infrastructure;

/// <summary>Runs a node script under tests/{folder} (npm ci first when its packages are missing) and reads its last JSON line.</summary>
public static class NodeScript
{
    private static readonly object NpmGate = new();

    public static async Task<JsonElement> RunAsync(string folder, IReadOnlyList<string> arguments, TimeSpan guard, ITestOutputHelper? output = null)
    {
        var directory = Path.Combine(TestServices.RepositoryRoot, "tests", folder);
        EnsurePackages(directory);
        var info = new ProcessStartInfo("node") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(guard);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', arguments)} did not finish in {guard}");
        }

        var log = await stderr;
        output?.WriteLine(log.Length > 4000 ? log[^4000..] : log);
        var line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{')) ?? "{}";
        output?.WriteLine(line.Length > 3000 ? line[..3000] : line);
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    /// <summary>hls.js in headless Chromium (tests/e2e-hls/play.js): plays until the playhead has advanced <paramref name="seconds"/>.</summary>
    /// <paramref name="height"/> pins the variant of that height (0: hls.js chooses).
    public static Task<JsonElement> PlayAsync(Uri url, int seconds, ITestOutputHelper? output = null, int height = 0) =>
        RunAsync("e2e-hls", ["play.js", url.ToString(), seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), (60 + 2 * seconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            height.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(120 + 2 * seconds), output);

    private static void EnsurePackages(string directory)
    {
        lock (NpmGate)
        {
            if (Directory.Exists(Path.Combine(directory, "node_modules", "playwright-core"))) return;

            // tests/run.sh runs npm ci for every package-lock.json; a bare checkout gets it here.
            using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = directory })!;
            if (!npm.WaitForExit(TimeSpan.FromMinutes(5)) || npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci failed in {directory}");
            }
        }
    }
}
