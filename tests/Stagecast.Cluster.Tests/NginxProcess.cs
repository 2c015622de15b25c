using System.Diagnostics;
using Stagecast.TestInfrastructure;

namespace Stagecast.Cluster.Tests;

/// <summary>nginx (the Debian package) running the repository's deploy/nginx.conf, with the gateways' addresses put in.</summary>
public sealed class NginxProcess : IDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _prefix;

    private NginxProcess(Process process, TempDirectory prefix, int port)
    {
        _process = process;
        _prefix = prefix;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>deploy/nginx.conf with compose's gateway1/gateway2 (in every upstream block) and port 8080 replaced; only those lines change.</summary>
    public static NginxProcess Start(IReadOnlyList<int> gatewayPorts)
    {
        var conf = File.ReadAllText(Path.Combine(TestServices.RepositoryRoot, "deploy", "nginx.conf"));
        for (var i = 0; i < gatewayPorts.Count; i++)
        {
            // Every upstream block (all requests, and SignalR's pinned one) names the same gateways.
            var upstream = $"server gateway{i + 1}:8080";
            Assert.Contains(upstream, conf);
            conf = conf.Replace(upstream, $"server 127.0.0.1:{gatewayPorts[i]}", StringComparison.Ordinal);
        }
        var port = FreePort.Tcp();
        Assert.Contains("listen 8080;", conf);
        conf = conf.Replace("listen 8080;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal);
        var prefix = new TempDirectory("stagecast-nginx");
        var path = Path.Combine(prefix.Path, "nginx.conf");
        File.WriteAllText(path, conf);
        var info = new ProcessStartInfo("/usr/sbin/nginx", ["-p", prefix.Path, "-c", path, "-g", "daemon off;"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new NginxProcess(process, prefix, port);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        _prefix.Dispose();
    }
}
