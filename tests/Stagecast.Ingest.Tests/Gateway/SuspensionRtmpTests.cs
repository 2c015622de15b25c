using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Gateway.Media;
using Stagecast.TestInfrastructure;

namespace Stagecast.Ingest.Tests.Gateway;

/// <summary>
/// A suspension with real media (docs/security.md): the suspended host's encoder (ffmpeg over RTMP) is cut off and
/// its key refused; once the suspension has run out by itself the host signs in, opens a room and goes live again from
/// the encoder, and the new room's HLS decodes.
/// </summary>
public sealed class SuspensionRtmpTests
{
    private const string Password = "correct horse battery";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_suspended_hosts_encoder_is_cut_off_and_goes_live_again_once_the_suspension_runs_out()
    {
        var clock = new ShiftedClock();
        var operatorName = "ops" + Guid.NewGuid().ToString("N")[..10];
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Rtmp:BindAnyPort"] = "true",
            ["Stagecast:Rtmp:BindAddress"] = "127.0.0.1",
            ["Stagecast:Rtmp:RevalidateInterval"] = "00:00:00.5",
            ["Stagecast:Moderation:Operators"] = operatorName,
            ["Stagecast:Moderation:SuspensionCheck"] = "00:00:01",
        }, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        Assert.NotNull(host.Services.GetRequiredService<RtmpIngest>().Server);
        using var ops = host.CreateClient((await host.RegisterAsync(operatorName, Password)).Token);
        var username = "obs" + Guid.NewGuid().ToString("N")[..10];
        var (hostId, hostToken) = await host.RegisterAsync(username, Password);
        var room = await host.OpenRoomAsync("before the suspension", start: false, hostToken: hostToken);
        using var anonymous = host.CreateClient();

        // Live from the encoder, which would go on for two minutes.
        var running = Stopwatch.StartNew();
        using (var encoder = FfmpegProcess.Publish($"{room.RtmpUrl}/{room.StreamKey}", 120))
        {
            await FullStackRtmpTests.PollAsync(async () => await StatusAsync(anonymous, room.RoomId) == "live");
            var suspended = await ops.PostAsJsonAsync($"/api/operator/users/{hostId}/suspension", new { reason = "cool off", hours = 1.0 / 60 });
            Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);

            // The room ends and the encoder is cut off long before its two minutes.
            Assert.NotEqual(0, await encoder.WaitAsync(Guard));
            Assert.True(running.Elapsed < TimeSpan.FromSeconds(100), $"the encoder ran {running.Elapsed}");
        }
        Assert.Equal("ended", await StatusAsync(anonymous, room.RoomId));
        // The old key is refused while suspended (the room it names has ended).
        using (var refused = FfmpegProcess.Publish($"{room.RtmpUrl}/{room.StreamKey}", 5))
        {
            Assert.NotEqual(0, await refused.WaitAsync(Guard));
        }
        Assert.Equal("ended", await StatusAsync(anonymous, room.RoomId));

        // The minute passes and the suspension ends by itself.
        clock.Advance(TimeSpan.FromSeconds(61));
        await Poll.UntilAsync(() => ops.GetFromJsonAsync<JsonElement>("/api/operator/audit"),
            a => a.EnumerateArray().Any(e => e.GetProperty("action").GetString() == "suspension_ended" && e.GetProperty("targetId").GetString() == hostId),
            "suspension_ended in the audit log");
        // The end is stored: the clock goes back, so that the tokens issued now are valid by JwtBearer's own clock.
        clock.Advance(TimeSpan.FromSeconds(-61));

        // Signed in again, a new room, the same encoder: live, and its HLS decodes.
        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { username, password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var again = await host.OpenRoomAsync("after the suspension", start: false, hostToken: token);
        string? session = null;
        using (var encoder = FfmpegProcess.Publish($"{again.RtmpUrl}/{again.StreamKey}", 6))
        {
            await FullStackRtmpTests.PollAsync(async () => await StatusAsync(anonymous, again.RoomId) == "live");
            await FullStackRtmpTests.PollAsync(async () => (session = await FullStackRtmpTests.SessionIdAsync(anonymous, again.HlsUrl)) is not null);
            Assert.Equal(0, await encoder.WaitAsync(Guard));
        }
        using var temp = new TempDirectory("stagecast-suspension-rtmp");
        var file = Path.Combine(temp.Path, "after.mp4");
        await FullStackRtmpTests.DownloadRecordingAsync(anonymous, again.HlsUrl, session!, file);
        using var decode = FfmpegProcess.Start("/usr/bin/ffprobe", $"-v error -count_frames -select_streams v -show_entries stream=codec_name,nb_read_frames -of json {file}");
        var video = JsonDocument.Parse(await decode.OutputAsync(Guard)).RootElement.GetProperty("streams")[0];
        Assert.Equal("h264", video.GetProperty("codec_name").GetString());
        Assert.True(int.Parse(video.GetProperty("nb_read_frames").GetString()!) > 60, video.ToString());
    }

    private static async Task<string?> StatusAsync(HttpClient client, string roomId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/live/{roomId}")).GetProperty("status").GetString();
}
