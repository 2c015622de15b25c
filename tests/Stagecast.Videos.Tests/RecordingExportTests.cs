using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// A host's live recordings are in their export: ffmpeg publishes over RTMP, the host ends the room, the replay video
/// is made; the zip's <c>recordings.json</c> lists the room with the link to its recording (which plays) and the
/// replay video, whose files are in the zip.
/// </summary>
public sealed class RecordingExportTests
{
    [Fact]
    public async Task The_hosts_live_recordings_and_replay_videos_are_listed_in_the_export_with_their_files()
    {
        await using var gateway = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Rtmp:BindAnyPort"] = "true",
            ["Stagecast:Rtmp:BindAddress"] = "127.0.0.1",
            ["Replays:ScanInterval"] = "00:00:00.5",
        });
        var room = await gateway.OpenRoomAsync("my recorded live #export", start: false);
        using var host = gateway.CreateClient(room.HostToken);
        Assert.Equal(0, await ReplayTests.PublishAsync($"{room.RtmpUrl}/{room.StreamKey}", seconds: 4));
        (await host.DeleteAsync($"/api/live/{room.RoomId}")).EnsureSuccessStatusCode();
        var listed = await Eventually.ValueAsync(
            async () => await host.GetFromJsonAsync<JsonElement>($"/api/users/{room.HostId}/videos"),
            v => v.GetArrayLength() > 0, "the replay video exists");
        var videoId = listed[0].GetProperty("videoId").GetString()!;
        await VideoApi.WaitForStatusAsync(gateway, videoId, "ready");

        using var zip = await LiveActivityPrivacyTests.ExportAsync(host);
        var recordings = await LiveActivityPrivacyTests.JsonEntryAsync(zip, "recordings.json");
        var hosted = Assert.Single(recordings.GetProperty("rooms").EnumerateArray());
        Assert.Equal(room.RoomId, hosted.GetProperty("roomId").GetString());
        Assert.Equal("my recorded live #export", hosted.GetProperty("title").GetString());
        Assert.Equal("ended", hosted.GetProperty("status").GetString());
        var recording = await host.GetAsync(hosted.GetProperty("recordingUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, recording.StatusCode);
        Assert.StartsWith("#EXTM3U", await recording.Content.ReadAsStringAsync());

        var replay = Assert.Single(recordings.GetProperty("replays").EnumerateArray());
        Assert.Equal(videoId, replay.GetProperty("videoId").GetString());
        Assert.Equal($"/media/videos/{videoId}/hls/index.m3u8", replay.GetProperty("hlsUrl").GetString());
        var files = replay.GetProperty("files").GetString()!;
        Assert.True(zip.GetEntry(files + "source.mp4") is { Length: > 0 }, "the replay's source is in the zip");
        Assert.NotNull(zip.GetEntry(files + "hls/index.m3u8"));
    }
}
