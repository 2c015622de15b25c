using System.Net;
using System.Net.Http.Json;
using Stagecast.Media.Hls;
using Stagecast.TestInfrastructure;

namespace Stagecast.Rooms.Tests;

/// <summary>
/// Deleting an account deletes its rooms' recordings on every gateway's disk, not only on the gateway that answered
/// the deletion: one that is running sweeps them within seconds, and one started after the deletion sweeps them on
/// start. Recordings of other rooms stay.
/// </summary>
[Collection(RoomsCollection.Name)]
public sealed class RecordingErasureTests(RoomsCluster cluster)
{
    [Fact]
    public async Task A_deleted_hosts_recordings_are_deleted_on_every_gateway()
    {
        var (roomId, _, hostToken, _) = await cluster.OpenRoomAsync(title: "recorded elsewhere");
        var (otherRoom, _, _, _) = await cluster.OpenRoomAsync(title: "someone else's recording");
        using var running = new TempDirectory("stagecast-rec-c");
        using var later = new TempDirectory("stagecast-rec-d");
        var mine = new[] { FakeRecording(running.Path, roomId), FakeRecording(later.Path, roomId) };
        var kept = FakeRecording(running.Path, otherRoom);
        await using var gatewayC = await GatewayHost.StartAsync(Settings(running.Path));

        using var host = cluster.A.CreateClient(hostToken);
        var leaving = new HttpRequestMessage(HttpMethod.Delete, "/api/me") { Content = JsonContent.Create(new { password = "correct horse battery" }) };
        Assert.Equal(HttpStatusCode.NoContent, (await host.SendAsync(leaving)).StatusCode);

        await Eventually.TrueAsync(() => !Directory.Exists(mine[0]), "the running gateway deletes the recording it holds");
        await using var gatewayD = await GatewayHost.StartAsync(Settings(later.Path));
        await Eventually.TrueAsync(() => !Directory.Exists(mine[1]), "a gateway started after the deletion deletes the recording it holds");
        Assert.True(Directory.Exists(kept), "another room's recording stays");
    }

    private Dictionary<string, string?> Settings(string recordings)
    {
        var settings = cluster.GatewaySettings();
        settings["Hls:RecordingDirectory"] = recordings;
        settings["Stagecast:Privacy:RecordingSweepSeconds"] = "0.2";
        return settings;
    }

    // A finished recording where the HLS store writes it: {recordings}/{room}/{session}/.
    private static string FakeRecording(string root, string roomId)
    {
        var room = Path.Combine(root, HlsRoomStore.SafeName(roomId));
        Directory.CreateDirectory(Path.Combine(room, "session-1"));
        File.WriteAllText(Path.Combine(room, "session-1", "vod.m3u8"), "#EXTM3U\n#EXT-X-ENDLIST\n");
        return room;
    }
}
