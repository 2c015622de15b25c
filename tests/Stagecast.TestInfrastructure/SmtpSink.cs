using System.Diagnostics;
using System.Net.Sockets;

namespace Stagecast.TestInfrastructure;

/// <summary>
/// A real SMTP server on loopback: <c>smtp-server</c> from npm (tests/smtp-sink, installed by tests/run.sh's npm ci),
/// which writes every message it accepts to a folder the test reads.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _dir;

    private SmtpSink(Process process, TempDirectory dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        var folder = Path.Combine(TestServices.RepositoryRoot, "tests", "smtp-sink");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "smtp-server")))
        {
            throw new InvalidOperationException($"Run `npm ci` in {folder} first (tests/run.sh does).");
        }
        var dir = new TempDirectory("stagecast-mail");
        var port = FreePort.Tcp();
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "sink.mjs", port.ToString(System.Globalization.CultureInfo.InvariantCulture), dir.Path })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
        return new SmtpSink(process, dir, port);
    }

    /// <summary>Waits for a message to <paramref name="to"/> beyond the first <paramref name="skip"/> to it; returns its raw text.</summary>
    public async Task<string> WaitForMailAsync(string to, int skip = 0, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var mails = Directory.GetFiles(_dir.Path, "*.eml").Order(StringComparer.Ordinal)
                .Select(File.ReadAllText).Where(m => m.Contains(to, StringComparison.OrdinalIgnoreCase)).ToList();
            if (mails.Count > skip)
            {
                return mails[skip];
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No mail to {to} arrived.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>How many messages to <paramref name="to"/> arrived so far.</summary>
    public int CountTo(string to) => Directory.GetFiles(_dir.Path, "*.eml").Count(f => File.ReadAllText(f).Contains(to, StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _dir.Dispose();
    }
}
