using System.Diagnostics;
using System.Text.Json;
using Stagecast.Gateway.Media;
using Stagecast.Ingest.Tests.Loopback;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Whip;
using Stagecast.TestInfrastructure;

namespace Stagecast.Ingest.Tests.Gateway;

/// <summary>
/// Real headless Chromium (Debian's, OpenH264 + Opus, fake camera) publishing over WHIP to the real gateway.
/// Needs node, /usr/lib/chromium/chromium and `npm ci` in tests/e2e-ingest (tests/run.sh does all three).
/// </summary>
public sealed class ChromiumWhipTests(WhipGatewayHost host) : IClassFixture<WhipGatewayHost>
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private static JsonElement Publish(Uri baseUrl, string room, string key, int seconds, string scenario)
    {
        string dir = Path.Combine(TestServices.RepositoryRoot, "tests", "e2e-ingest");
        Assert.True(Directory.Exists(Path.Combine(dir, "node_modules", "playwright-core")),
            "run `npm ci` in tests/e2e-ingest (tests/run.sh does it)");
        var config = JsonSerializer.Serialize(new { baseUrl = baseUrl.ToString(), room, key, seconds, scenario });
        var psi = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("publish.mjs");
        psi.ArgumentList.Add(config);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the Chromium publisher did not finish");
        }
        var line = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        Assert.True(line.StartsWith('{'), $"publisher printed no result: {stdout.Result} {stderr.Result}");
        var result = JsonDocument.Parse(line).RootElement.Clone();
        Assert.False(result.TryGetProperty("error", out var error), error.ToString());
        return result;
    }

    [Fact]
    public async Task Chromium_PublishesH264AndOpus_ThroughTheGateway_ThenDeletes()
    {
        string room = "chrome" + Guid.NewGuid().ToString("N")[..8];
        host.Authority.Keys[room] = "key-" + room;
        var server = host.Services.GetService(typeof(WhipIngest)) is WhipIngest ingest ? ingest.Server : throw new InvalidOperationException();
        var ended = new TaskCompletionSource<WhipSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.SessionEnded += (s, _) =>
        {
            if (s.RoomId == room)
            {
                ended.TrySetResult(s);
            }
        };

        var page = Publish(host.BaseAddress, room, "key-" + room, seconds: 6, scenario: "delete");

        Assert.Equal(401, page.GetProperty("wrongKeyStatus").GetInt32());
        Assert.Equal(201, page.GetProperty("status").GetInt32());
        Assert.Equal("connected", page.GetProperty("connectionState").GetString());
        Assert.Equal("connected", page.GetProperty("dtlsState").GetString());
        Assert.Equal(409, page.GetProperty("secondPublisherStatus").GetInt32());
        Assert.Equal(200, page.GetProperty("deleteStatus").GetInt32());
        var video = page.GetProperty("video");
        Assert.True(video.GetProperty("pliCount").GetInt32() > 0, "Chromium saw no PLI from the ingest");

        var session = await ended.Task.WaitAsync(Guard);
        Assert.Equal(WhipEndReason.Deleted, session.EndReason);
        var health = session.Health;
        Assert.Equal(0, health.SrtpAuthFailures);
        Assert.True(health.Keyframes >= 2, $"keyframes: {health.Keyframes}");
        Assert.True(health.AudioFrames > 100, $"audio frames: {health.AudioFrames}");

        var sink = host.Outputs.ForRoom(room)!;
        await sink.Ended.Task.WaitAsync(Guard);
        Assert.Contains(sink.Configs, c => c.Codec == MediaCodec.Opus && c.ClockRate == 48000);
        var videoConfig = sink.Configs.Last(c => c.Codec == MediaCodec.H264);
        int width = video.GetProperty("frameWidth").GetInt32();
        int height = video.GetProperty("frameHeight").GetInt32();
        Assert.Equal((width, height), (videoConfig.Width, videoConfig.Height));
        Assert.True(sink.VideoUnits > 60, $"video units: {sink.VideoUnits}");

        string file = Path.Combine(Path.GetTempPath(), $"ingest-chromium-{Guid.NewGuid():N}.h264");
        await File.WriteAllBytesAsync(file, sink.VideoAsAnnexB());
        try
        {
            Assert.Equal(("h264", width, height), H264TestSource.Probe(file));
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Contains(room, host.Authority.Started);
        Assert.Contains(room, host.Authority.Ended);
    }

    [Fact]
    public async Task Chromium_ThatVanishes_Expires()
    {
        string room = "vanish" + Guid.NewGuid().ToString("N")[..8];
        host.Authority.Keys[room] = "key-" + room;
        var server = host.Services.GetService(typeof(WhipIngest)) is WhipIngest ingest ? ingest.Server : throw new InvalidOperationException();
        var ended = new TaskCompletionSource<WhipEndReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.SessionEnded += (s, reason) =>
        {
            if (s.RoomId == room)
            {
                ended.TrySetResult(reason);
            }
        };
        var page = Publish(host.BaseAddress, room, "key-" + room, seconds: 2, scenario: "vanish");
        Assert.Equal("connected", page.GetProperty("connectionState").GetString());
        // Closing the browser may send DTLS close_notify, or nothing at all: either ends the session.
        var reason = await ended.Task.WaitAsync(Guard);
        Assert.True(reason is WhipEndReason.Timeout or WhipEndReason.DtlsClosed, reason.ToString());
        Assert.Null(server.GetSessionForRoom(room));
    }
}
