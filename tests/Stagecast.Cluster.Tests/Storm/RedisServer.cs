using System.Diagnostics;
using Stagecast.TestInfrastructure;

namespace Stagecast.Cluster.Tests.Storm;

/// <summary>A redis-server of the test's own on a loopback port, which the test can freeze (SIGSTOP) and thaw (SIGCONT).</summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Address = $"127.0.0.1:{port}";
    }

    /// <summary>StackExchange.Redis configuration string.</summary>
    public string Address { get; }

    public static async Task<RedisServer> StartAsync(string directory)
    {
        var port = FreePort.Tcp();
        var process = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory, "--logfile", Path.Combine(directory, "redis.log")])
        {
            UseShellExecute = false,
        })!;
        var server = new RedisServer(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return server;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>SIGSTOP: the server keeps its connections and data but answers nothing, like a partition.</summary>
    public void Freeze() => Signal("STOP");

    public void Thaw() => Signal("CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString()])!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Signal("CONT");
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
