using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// A host's live recordings are in their export: ffmpeg publishes over RTMP, the host ends the room, the replay video
/// is made; the zip's <c>recordings.json</c> lists the room with the link to its recording (which plays) and the
/// replay video, whose files are in the zip. The link is the replay video's, so any gateway of a cluster serves it.
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
        Assert.Equal(videoId, hosted.GetProperty("replayVideoId").GetString());
        Assert.Equal($"/media/videos/{videoId}/hls/index.m3u8", hosted.GetProperty("recordingUrl").GetString());
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

    /// <summary>
    /// Issue 14: the export's recording link works on any gateway. Gateway A records the live and makes the replay video;
    /// the export is asked for and its link opened on gateway B, which holds no recording. The link is the replay video's
    /// playlist in the shared store; before, it was A's <c>/hls/{roomId}/replay/</c> path, which B answers 404.
    /// </summary>
    [Fact]
    public async Task The_exports_recording_link_plays_on_a_gateway_that_did_not_record_the_live()
    {
        await using var cluster = await VideoCluster.StartAsync("recexport", new Dictionary<string, string?>
        {
            ["Stagecast:Rtmp:BindAnyPort"] = "true",
            ["Stagecast:Rtmp:BindAddress"] = "127.0.0.1",
            ["Replays:ScanInterval"] = "00:00:00.5",
        });
        var room = await cluster.A.OpenRoomAsync("recorded on A #export", start: false);
        using var onA = cluster.A.CreateClient(room.HostToken);
        Assert.Equal(0, await ReplayTests.PublishAsync($"{room.RtmpUrl}/{room.StreamKey}", seconds: 4));
        (await onA.DeleteAsync($"/api/live/{room.RoomId}")).EnsureSuccessStatusCode();
        var listed = await Eventually.ValueAsync(
            async () => await onA.GetFromJsonAsync<JsonElement>($"/api/users/{room.HostId}/videos"),
            v => v.GetArrayLength() > 0, "the replay video exists");
        var videoId = listed[0].GetProperty("videoId").GetString()!;
        await VideoApi.WaitForStatusAsync(cluster.B, videoId, "ready");
        Assert.Empty(Directory.EnumerateDirectories(cluster.DataB.Path, room.RoomId, SearchOption.AllDirectories));

        using var onB = cluster.B.CreateClient(room.HostToken);
        using var zip = await LiveActivityPrivacyTests.ExportAsync(onB);
        var hosted = Assert.Single((await LiveActivityPrivacyTests.JsonEntryAsync(zip, "recordings.json")).GetProperty("rooms").EnumerateArray());
        Assert.Equal(videoId, hosted.GetProperty("replayVideoId").GetString());
        var link = hosted.GetProperty("recordingUrl").GetString()!;
        var playlist = await onB.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, playlist.StatusCode);
        Assert.StartsWith("#EXTM3U", await playlist.Content.ReadAsStringAsync());
        var probe = await SampleMedia.ProbeAsync(new Uri(cluster.B.BaseAddress, link).ToString());
        Assert.Contains(probe.GetProperty("streams").EnumerateArray(), s => s.GetProperty("codec_name").GetString() == "h264");
    }
}
