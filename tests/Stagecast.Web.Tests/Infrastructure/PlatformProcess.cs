using System.Diagnostics;
using System.Reflection;
using System.Text;
using Stagecast.TestInfrastructure;

namespace Stagecast.Web.Tests.Infrastructure;

/// <summary>
/// The platform started the way the README starts it: the built gateway binary as a child process,
/// working directory gateway/ (so wwwroot is served), embedded default, its own data directory and ports.
/// </summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _data;
    private readonly StringBuilder _log = new();

    private PlatformProcess(Process process, TempDirectory data, Uri baseAddress)
    {
        _process = process;
        _data = data;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The platform's data directory (its recordings are under recordings/).</summary>
    public string DataDirectory => _data.Path;

    /// <summary>What the gateway printed so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The username the platform treats as an operator (Stagecast:Moderation:Operators).</summary>
    public const string OperatorUsername = "webops";

    /// <summary>A second configured operator, for the test that mutes from the queue (each operator signs up once per platform).</summary>
    public const string MuteOperatorUsername = "webmuter";

    /// <summary>
    /// Starts the platform; <paramref name="settings"/> are extra <c>--Key=value</c> arguments. Replays are off unless
    /// asked for: the collection's lives must not add replay videos to the feed the other tests expect empty.
    /// </summary>
    public static Task<PlatformProcess> StartAsync(params string[] settings) => StartAsync(null, settings);

    /// <summary>As above; <paramref name="smtpPort"/>, when given, is a loopback SMTP server it mails through.</summary>
    public static async Task<PlatformProcess> StartAsync(int? smtpPort, params string[] settings)
    {
        var root = TestServices.RepositoryRoot;
        var gateway = Path.Combine(root, "gateway");
        EnsureWebLibraries(gateway);
        var dll = GatewayBinary(gateway);
        var port = FreePort.Tcp();
        var data = new TempDirectory("stagecast-web");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = gateway,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            dll, "--urls", $"http://127.0.0.1:{port}",
            $"--Stagecast:DataDirectory={data.Path}",
            $"--Stagecast:SiloPort={FreePort.Tcp()}",
            $"--Stagecast:GatewayPort={FreePort.Tcp()}",
            "--Stagecast:Auth:AttemptsPerMinute=1000",
            // The journey buys coins in the sandbox: it runs only when asked for explicitly.
            "--Stagecast:Payments:Sandbox=true",
            // The moderation-queue tests sign up as these operators.
            $"--Stagecast:Moderation:Operators={OperatorUsername},{MuteOperatorUsername}",
            // WHIP media arrives on one UDP port (Ingest:UdpPort, 8189 by default): a free one, so a running platform does not clash.
            $"--Ingest:UdpPort={FreePort.Udp()}",
            "--Replays:Enabled=false",
        }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }
        if (smtpPort is { } smtp)
        {
            // Verification and reset mails go to the test's SMTP sink; their links name this platform's own address.
            foreach (var arg in new[] { "--Stagecast:Mail:SmtpHost=127.0.0.1", $"--Stagecast:Mail:SmtpPort={smtp}", "--Stagecast:Mail:Security=none" })
            {
                start.ArgumentList.Add(arg);
            }
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The sandbox payment provider is refused in the Production environment (gateway/Payments/PaymentsSettings):
        // run as a developer does unless the caller chose otherwise.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")))
        {
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var platform = new PlatformProcess(process, data, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => platform.Append(e.Data);
        process.ErrorDataReceived += (_, e) => platform.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await platform.WaitHealthyAsync();
        return platform;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with {_process.ExitCode}:\n{Log}");
            }
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The gateway did not become healthy:\n{Log}");
    }

    /// <summary>The gateway built with the same configuration as these tests (Release under tests/run.sh).</summary>
    private static string GatewayBinary(string gateway)
    {
        var configuration = typeof(PlatformProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var candidates = new[] { configuration, "Release", "Debug" }
            .Select(c => Path.Combine(gateway, "bin", c, "net10.0", "Stagecast.Gateway.dll"))
            .Where(File.Exists)
            .ToList();
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException($"Build the gateway first: no Stagecast.Gateway.dll under {gateway}/bin.");
    }

    /// <summary>tests/run.sh and the start script run npm ci in gateway/web; a bare `dotnet test` may not have.</summary>
    private static void EnsureWebLibraries(string gateway)
    {
        var lib = Path.Combine(gateway, "wwwroot", "lib");
        if (File.Exists(Path.Combine(lib, "hls.mjs")) && File.Exists(Path.Combine(lib, "signalr.min.js")))
        {
            return;
        }
        var npm = new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error")
        {
            WorkingDirectory = Path.Combine(gateway, "web"),
            UseShellExecute = false,
        };
        using var process = Process.Start(npm) ?? throw new InvalidOperationException("npm did not start");
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException("npm ci in gateway/web failed; the pages need wwwroot/lib.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _data.Dispose();
    }
}
