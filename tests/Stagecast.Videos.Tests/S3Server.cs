using System.Diagnostics;
using System.Net.Sockets;
using Stagecast.Media.Videos;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// A real S3-compatible server (s3rver from npm, installed by <c>npm ci</c> in this project's s3/ folder) on a free
/// loopback port with its own temp directory and one bucket; stopped and removed on dispose.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    public const string Bucket = "stagecast-videos";
    // s3rver's fixed credentials.
    public const string Key = "S3RVER";

    private readonly Process _process;
    private readonly TempDirectory _data;

    private S3Server(Process process, TempDirectory data, int port)
    {
        _process = process;
        _data = data;
        Options = new S3StorageOptions { ServiceUrl = $"http://127.0.0.1:{port}", Bucket = Bucket, AccessKey = Key, SecretKey = Key };
    }

    public S3StorageOptions Options { get; }

    public IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?>
    {
        ["Videos:S3:ServiceUrl"] = Options.ServiceUrl,
        ["Videos:S3:Bucket"] = Bucket,
        ["Videos:S3:AccessKey"] = Key,
        ["Videos:S3:SecretKey"] = Key,
    };

    public static async Task<S3Server> StartAsync()
    {
        var folder = Path.Combine(TestServices.RepositoryRoot, "tests", "Stagecast.Videos.Tests", "s3");
        var bin = Path.Combine(folder, "node_modules", ".bin", "s3rver");
        if (!File.Exists(bin))
        {
            await RunAsync("npm", folder, "ci", "--no-audit", "--no-fund");
        }
        var data = new TempDirectory("stagecast-s3rver");
        var port = FreePort.Tcp();
        var info = new ProcessStartInfo(bin) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-d", data.Path, "-a", "127.0.0.1", "-p", port.ToString(), "-s", "--configure-bucket", Bucket })
        {
            info.ArgumentList.Add(a);
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
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
        return new S3Server(process, data, port);
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

    private static async Task RunAsync(string file, string folder, params string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {err}{await stdout}");
    }
}
