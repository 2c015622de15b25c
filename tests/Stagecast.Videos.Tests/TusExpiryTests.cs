using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Videos;
using Stagecast.Media.Videos;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// tus expiration: an abandoned resumable upload expires (a lifetime of seconds here), and its grain's reminder
/// deletes its chunks from the store (local files, and the S3-compatible server) and its state.
/// </summary>
public sealed class TusExpiryTests
{
    private const double LifetimeHours = 15.0 / 3600; // fifteen seconds: long enough to PATCH on a busy box

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_abandoned_upload_expires_and_its_chunks_are_deleted_from_storage(bool s3Store)
    {
        await using var s3 = s3Store ? await S3Server.StartAsync() : null;
        var settings = new Dictionary<string, string?>(s3?.GatewaySettings ?? new Dictionary<string, string?>())
        {
            ["Videos:TusExpiryHours"] = LifetimeHours.ToString(CultureInfo.InvariantCulture),
        };
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: settings);
        var (_, token) = await host.RegisterAsync();
        using var client = TusTests.Tus(host, token);

        var options = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/videos/uploads"));
        Assert.Contains("expiration", options.Headers.GetValues("Tus-Extension").Single().Split(','));
        var openApi = await VideoApi.JsonAsync(await client.GetAsync("/openapi/v1.json"));
        var upload = openApi.GetProperty("paths").GetProperty("/api/videos/uploads/{uploadId}");
        Assert.True(upload.GetProperty("patch").GetProperty("responses").TryGetProperty("410", out _));
        Assert.True(upload.GetProperty("head").GetProperty("responses").TryGetProperty("410", out _));

        var create = new HttpRequestMessage(HttpMethod.Post, "/api/videos/uploads");
        create.Headers.Add("Upload-Length", "5000");
        var created = await client.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdExpires = Expires(created);
        Assert.InRange(createdExpires, DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(20));
        var location = created.Headers.Location!.ToString();
        var patched = await TusTests.PatchAsync(client, location, 0, new byte[1000]);
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        Assert.True(Expires(patched) >= createdExpires, "a stored PATCH moves the expiry");

        // The chunk is in the video storage (the local store, or the S3 bucket).
        var uploadId = location.Split('/').Last();
        var storage = host.Services.GetRequiredService<IVideoStorage>();
        Assert.IsType(s3Store ? typeof(S3VideoStorage) : typeof(LocalVideoStorage), storage);
        var chunk = (await host.Services.GetRequiredService<IGrainFactory>().GetGrain<ITusUploadGrain>(uploadId).Get())!.Chunks.Single();
        Assert.True(await StoredAsync(storage, TusStore.ChunkKey(uploadId, chunk)));

        // Abandoned: the sweep deletes the chunk, then the upload is gone (404; 410 while expired but not yet swept).
        await Eventually.ValueAsync(() => StoredAsync(storage, TusStore.ChunkKey(uploadId, chunk)),
            stored => !stored, "the expired upload's chunk deleted", 90);
        var head = await Eventually.ValueAsync(() => client.SendAsync(new HttpRequestMessage(HttpMethod.Head, location)),
            r => r.StatusCode == HttpStatusCode.NotFound, "the expired upload forgotten", 30);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        await VideoApi.IsProblemAsync(await TusTests.PatchAsync(client, location, 1000, new byte[10]), HttpStatusCode.NotFound, "unknown_upload");
        if (storage is LocalVideoStorage local)
        {
            Assert.False(Directory.Exists(Path.Combine(local.Root, "uploads", "tus", uploadId)));
        }
    }

    private static async Task<bool> StoredAsync(IVideoStorage storage, string key)
    {
        await using var stream = await storage.OpenReadAsync(key, CancellationToken.None);
        return stream is not null;
    }

    private static DateTimeOffset Expires(HttpResponseMessage response) =>
        DateTimeOffset.ParseExact(response.Headers.GetValues("Upload-Expires").Single(), "r", CultureInfo.InvariantCulture);
}
