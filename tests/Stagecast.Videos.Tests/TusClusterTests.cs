using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Videos;
using Stagecast.Media.Videos;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// A resumable upload behind a balancer: started on gateway A, resumed (HEAD + PATCH) on gateway B, in a real
/// cluster (<see cref="VideoCluster"/>: one silo, two gateways, the shared S3-compatible store).
/// </summary>
public sealed class TusClusterTests
{
    [Fact]
    public async Task An_upload_started_on_one_gateway_resumes_on_another_and_becomes_a_playable_video()
    {
        await using var cluster = await VideoCluster.StartAsync("tus");
        var (s3, a, b, dataA, dataB) = (cluster.S3, cluster.A, cluster.B, cluster.DataA, cluster.DataB);
        var (_, token) = await a.RegisterAsync();
        using var onA = TusTests.Tus(a, token);
        using var onB = TusTests.Tus(b, token);
        var bytes = await File.ReadAllBytesAsync(await SampleMedia.VideoAsync(640, 360));
        var half = bytes.Length / 2;

        var location = await TusTests.CreateAsync(onA, bytes.Length, "across gateways #tus");
        Assert.Equal(HttpStatusCode.NoContent, (await TusTests.PatchAsync(onA, location, 0, bytes[..half])).StatusCode);
        using var storage = S3VideoStorage.Create(s3.Options);
        var uploadId = location.Split('/').Last();
        var first = (await a.Services.GetRequiredService<IGrainFactory>().GetGrain<ITusUploadGrain>(uploadId).Get())!.Chunks.Single();
        await using (var chunk = await storage.OpenReadAsync(TusStore.ChunkKey(uploadId, first), CancellationToken.None))
        {
            // The first half is in the shared bucket, not on gateway A's disk.
            using var copy = new MemoryStream();
            await chunk!.CopyToAsync(copy);
            Assert.Equal(bytes[..half], copy.ToArray());
        }

        // The balancer sends the rest to B: it knows the upload and where it stands.
        Assert.Equal(half, await TusTests.OffsetAsync(onB, location));
        var wrong = await TusTests.PatchAsync(onB, location, half + 1, bytes[(half + 1)..]);
        await VideoApi.IsProblemAsync(wrong, HttpStatusCode.Conflict, "offset_mismatch");
        Assert.Equal(half.ToString(), wrong.Headers.GetValues("Upload-Offset").Single());
        var last = await TusTests.PatchAsync(onB, location, half, bytes[half..]);
        Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        Assert.Equal(bytes.Length.ToString(), last.Headers.GetValues("Upload-Offset").Single());
        var videoId = last.Headers.GetValues(TusEndpoints.VideoIdHeader).Single();

        var video = await VideoApi.WaitForStatusAsync(a, videoId, "ready");
        Assert.Equal("across gateways #tus", video.GetProperty("caption").GetString());
        var probe = await SampleMedia.ProbeAsync(video.GetProperty("hlsUrl").GetString()!);
        Assert.Contains(probe.GetProperty("streams").EnumerateArray(), s => s.GetProperty("codec_name").GetString() == "h264");
        // The upload is gone everywhere: its chunks from the bucket, its state from both gateways.
        Assert.Equal(uploadId, videoId);
        Assert.Null(await storage.OpenReadAsync(TusStore.ChunkKey(uploadId, first), CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await onA.SendAsync(new HttpRequestMessage(HttpMethod.Head, location))).StatusCode);
        Assert.Empty(Directory.EnumerateFiles(dataA.Path, "*.part", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(dataB.Path, "*.part", SearchOption.AllDirectories));
    }
}
