using System.Net;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>An owner's delete removes the video everywhere: API, files, creator list and feeds.</summary>
public sealed class DeleteTests
{
    [Fact]
    public async Task A_deleted_video_disappears_from_the_feed_its_files_and_the_api()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var (ownerId, owner) = await host.RegisterAsync();
        var (_, stranger) = await host.RegisterAsync();
        var videoId = await VideoApi.UploadOkAsync(host, owner, await SampleMedia.VideoAsync(320, 180, 1), "bye #soon");
        var video = await VideoApi.WaitForStatusAsync(host, videoId, "ready");
        var hls = video.GetProperty("hlsUrl").GetString()!;
        using var anonymous = host.CreateClient();
        Assert.Contains(videoId, await anonymous.GetStringAsync("/api/feed"));
        Assert.Contains(videoId, await anonymous.GetStringAsync($"/api/users/{ownerId}/videos"));

        using var other = host.CreateClient(stranger);
        await VideoApi.IsProblemAsync(await other.DeleteAsync($"/api/videos/{videoId}"), HttpStatusCode.Forbidden, "not_video_owner");
        using var client = host.CreateClient(owner);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/videos/{videoId}")).StatusCode);

        await VideoApi.IsProblemAsync(await anonymous.GetAsync($"/api/videos/{videoId}"), HttpStatusCode.NotFound, "unknown_video");
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(hls)).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(host.DataDirectory, "videos", "store", "videos", videoId)));
        Assert.DoesNotContain(videoId, await anonymous.GetStringAsync("/api/feed"));
        Assert.DoesNotContain(videoId, await anonymous.GetStringAsync($"/api/users/{ownerId}/videos"));
    }
}
