using System.Net;
using System.Text;
using Stagecast.Media.Videos;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>Video storage against a real S3-compatible server on loopback, alone and under the whole gateway.</summary>
public sealed class S3StorageTests
{
    [Fact]
    public async Task Objects_round_trip_and_a_prefix_deletes_as_one()
    {
        await using var server = await S3Server.StartAsync();
        using var storage = S3VideoStorage.Create(server.Options);
        using var work = new TempDirectory("stagecast-s3-test");
        var source = Path.Combine(work.Path, "a.bin");
        await File.WriteAllBytesAsync(source, Encoding.UTF8.GetBytes("hello segment"));

        await storage.PutFileAsync("videos/v1/hls/360p/seg_000.ts", source, move: false, CancellationToken.None);
        await storage.PutFileAsync("videos/v1/thumb.jpg", source, move: true, CancellationToken.None);
        Assert.False(File.Exists(source));
        await using (var read = await storage.OpenReadAsync("videos/v1/hls/360p/seg_000.ts", CancellationToken.None))
        {
            Assert.NotNull(read);
            Assert.Equal("hello segment", await new StreamReader(read).ReadToEndAsync());
        }
        var copy = Path.Combine(work.Path, "copy.bin");
        await storage.GetFileAsync("videos/v1/thumb.jpg", copy, CancellationToken.None);
        Assert.Equal("hello segment", await File.ReadAllTextAsync(copy));
        Assert.Null(await storage.OpenReadAsync("videos/v2/thumb.jpg", CancellationToken.None));

        await storage.DeletePrefixAsync("videos/v1/", CancellationToken.None);
        Assert.Null(await storage.OpenReadAsync("videos/v1/thumb.jpg", CancellationToken.None));
        Assert.Null(await storage.OpenReadAsync("videos/v1/hls/360p/seg_000.ts", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => storage.OpenReadAsync("videos/../secret", CancellationToken.None));
    }

    [Fact]
    public async Task A_gateway_on_s3_processes_serves_and_deletes_videos_from_the_bucket()
    {
        await using var server = await S3Server.StartAsync();
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>(server.GatewaySettings));
        var (_, token) = await host.RegisterAsync();
        var videoId = await VideoApi.UploadOkAsync(host, token, await SampleMedia.VideoAsync(320, 180, 1), "cloud #s3");
        var video = await VideoApi.WaitForStatusAsync(host, videoId, "ready");
        Assert.Equal("ready", video.GetProperty("status").GetString());
        var probe = await SampleMedia.ProbeAsync(video.GetProperty("hlsUrl").GetString()!);
        Assert.Contains(probe.GetProperty("streams").EnumerateArray(), s => s.GetProperty("codec_name").GetString() == "h264");
        // Nothing went to local storage: the bucket holds the files.
        Assert.False(Directory.Exists(Path.Combine(host.DataDirectory, "videos", "store")));
        using var storage = S3VideoStorage.Create(server.Options);
        await using (var thumb = await storage.OpenReadAsync($"videos/{videoId}/thumb.jpg", CancellationToken.None))
        {
            Assert.NotNull(thumb);
        }

        using var client = host.CreateClient(token);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/videos/{videoId}")).StatusCode);
        Assert.Null(await storage.OpenReadAsync($"videos/{videoId}/hls/index.m3u8", CancellationToken.None));
        Assert.Null(await storage.OpenReadAsync($"videos/{videoId}/source", CancellationToken.None));
    }
}
