using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Gateway.Media;
using Stagecast.TestInfrastructure;
using static Stagecast.Ingest.Tests.Gateway.FullStackRtmpTests;

namespace Stagecast.Ingest.Tests.Gateway;

/// <summary>
/// RTMPS: the gateway with a self-signed PEM certificate made here, ffmpeg (Debian, GnuTLS) publishing to
/// <c>rtmps://</c>: <c>POST /api/live</c> returns the RTMPS URL, a wrong key is refused, the right one makes the room
/// live and its HLS recording probes as H.264 + AAC and decodes without error. A plain RTMP client on the TLS port
/// gets no RTMP answer and is closed, and the listener keeps serving TLS clients after it.
/// </summary>
public sealed class FullStackRtmpsTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private sealed record RoomView(string RoomId, string Status);

    [Fact]
    public async Task FfmpegOverRtmps_GoesLive_HlsPlays_PlainRtmpOnTheTlsPortIsClosed()
    {
        using var temp = new TempDirectory("stagecast-rtmps");
        var (certPath, keyPath) = SelfSignedPem.Write(temp.Path);
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Rtmp:BindAnyPort"] = "true",
            ["Stagecast:Rtmp:TlsBindAnyPort"] = "true",
            ["Stagecast:Rtmp:BindAddress"] = "127.0.0.1",
            ["Stagecast:Rtmp:CertificatePath"] = certPath,
            ["Stagecast:Rtmp:CertificateKeyPath"] = keyPath,
            ["Stagecast:Rtmp:ReadTimeout"] = "00:00:03",
        });
        var rtmp = host.Services.GetRequiredService<RtmpIngest>();
        var tlsPort = rtmp.TlsServer!.LocalEndPoint!.Port;
        Assert.NotEqual(tlsPort, rtmp.Server!.LocalEndPoint!.Port);
        var room = await host.OpenRoomAsync("rtmps full stack", start: false);
        Assert.Equal($"rtmps://127.0.0.1:{tlsPort}/live", room.RtmpsUrl);
        using var anonymous = host.CreateClient();

        // A plain RTMP client (C0 + C1) on the TLS port: no RTMP handshake comes back and the server closes it.
        var answered = await PlainRtmpHelloAsync(tlsPort);
        Assert.True(answered < 1 + 1536, $"the TLS port answered {answered} bytes to a plain RTMP hello");
        using (var plain = FfmpegProcess.Publish($"rtmp://127.0.0.1:{tlsPort}/live/{room.StreamKey}", 5))
        {
            Assert.NotEqual(0, await plain.WaitAsync(Guard));
        }
        Assert.False(rtmp.IsPublishing(room.RoomId));

        // A wrong key over TLS is refused as over plain RTMP.
        using (var refused = FfmpegProcess.Publish($"{room.RtmpsUrl}/{room.RoomId}.wrong", 5))
        {
            Assert.NotEqual(0, await refused.WaitAsync(Guard));
        }
        Assert.Equal("created", (await anonymous.GetFromJsonAsync<RoomView>($"/api/live/{room.RoomId}"))!.Status);

        // The right key over TLS: live, and the recording of that session is H.264 + AAC that decodes cleanly.
        string? session = null;
        using (var publisher = FfmpegProcess.Publish($"{room.RtmpsUrl}/{room.StreamKey}", 6))
        {
            await PollAsync(async () => (await anonymous.GetFromJsonAsync<RoomView>($"/api/live/{room.RoomId}"))!.Status == "live");
            Assert.True(rtmp.IsPublishing(room.RoomId));
            await PollAsync(async () => (session = await SessionIdAsync(anonymous, room.HlsUrl)) is not null);
            Assert.Equal(0, await publisher.WaitAsync(Guard));
        }

        var file = Path.Combine(temp.Path, "rtmps.mp4");
        await DownloadRecordingAsync(anonymous, room.HlsUrl, session!, file);
        using (var probe = FfmpegProcess.Start("/usr/bin/ffprobe", $"-v error -show_entries stream=codec_name,codec_type,width -of json {file}"))
        {
            var streams = JsonDocument.Parse(await probe.OutputAsync(Guard)).RootElement.GetProperty("streams").EnumerateArray().ToList();
            var video = streams.Single(s => s.GetProperty("codec_type").GetString() == "video");
            Assert.Equal("h264", video.GetProperty("codec_name").GetString());
            Assert.Equal(640, video.GetProperty("width").GetInt32());
            Assert.Equal("aac", streams.Single(s => s.GetProperty("codec_type").GetString() == "audio").GetProperty("codec_name").GetString());
        }

        using (var decode = FfmpegProcess.Start("/usr/bin/ffmpeg", $"-v error -i {file} -f null -"))
        {
            await decode.OutputAsync(Guard);
            Assert.True(string.IsNullOrWhiteSpace(decode.Stderr), decode.Stderr);
        }
    }

    /// <summary>Sends an RTMP C0 + C1 in the clear and reads until the server closes; returns the bytes it sent back.</summary>
    private static async Task<int> PlainRtmpHelloAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var hello = new byte[1 + 1536];
        hello[0] = 3;
        await stream.WriteAsync(hello);
        var total = 0;
        var buffer = new byte[4096];
        using var guard = new CancellationTokenSource(Guard);
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, guard.Token)) > 0) total += n;
        }
        catch (IOException)
        {
            // reset by the server: closed as well
        }
        return total;
    }
}
