using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Stagecast.Grains.Hosting;
using Stagecast.Grains.Ledger;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Videos;
using Stagecast.Media.Videos;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// A resumable upload behind a balancer: started on gateway A, resumed (HEAD + PATCH) on gateway B. A real cluster:
/// one silo (Redis membership, PostgreSQL storage), two cluster gateways with separate data directories, and the
/// S3-compatible store (s3rver) they all share.
/// </summary>
public sealed class TusClusterTests
{
    [Fact]
    public async Task An_upload_started_on_one_gateway_resumes_on_another_and_becomes_a_playable_video()
    {
        await using var s3 = await S3Server.StartAsync();
        var clusterId = "tus-" + Guid.NewGuid().ToString("N")[..8];
        var common = new Dictionary<string, string?>(s3.GatewaySettings)
        {
            ["Stagecast:Mode"] = "Cluster",
            ["Stagecast:ClusterId"] = clusterId,
            ["Stagecast:RedisConnectionString"] = TestServices.Redis,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        using var siloData = new TempDirectory("stagecast-tus-silo");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(common)
        {
            ["Stagecast:DataDirectory"] = siloData.Path,
            ["Stagecast:StorageProvider"] = "Postgres",
            ["Stagecast:StorageConnectionString"] = await TestServices.CreatePostgresDatabaseAsync("tus"),
            ["Stagecast:SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:GatewayPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:AdvertisedAddress"] = "127.0.0.1",
        });
        builder.UseOrleans(silo => silo.AddStagecastSilo(builder.Configuration));
        builder.Services.AddStagecastLedger();
        using var silo = builder.Build();
        await silo.StartAsync();
        try
        {
            var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            using var dataA = new TempDirectory("stagecast-tus-a");
            using var dataB = new TempDirectory("stagecast-tus-b");
            await using var a = await GatewayHost.StartAsync(Gateway(common, dataA, signingKey));
            await using var b = await GatewayHost.StartAsync(Gateway(common, dataB, signingKey));
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
        finally
        {
            await silo.StopAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static Dictionary<string, string?> Gateway(Dictionary<string, string?> common, TempDirectory data, string signingKey) =>
        new(common)
        {
            ["Stagecast:DataDirectory"] = data.Path,
            ["Stagecast:Jwt:SigningKey"] = signingKey,
            ["Stagecast:Auth:AttemptsPerMinute"] = "1000",
        };
}
