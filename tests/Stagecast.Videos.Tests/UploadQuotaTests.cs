using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Hosting;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// The per-user upload quota (issue 14) over real HTTP: uploads and declared bytes per rolling day, unfinished tus
/// uploads at once; a refusal is 429 <c>upload_quota</c> with Retry-After before anything is staged, and the quota is
/// one grain per user, so it holds across the gateways of a cluster. Days pass on a <see cref="ShiftedClock"/>.
/// </summary>
public sealed class UploadQuotaTests
{
    [Fact]
    public async Task The_upload_past_the_daily_count_is_refused_before_anything_is_staged_and_accepted_a_day_later()
    {
        var clock = new ShiftedClock();
        await using var host = await StartAsync(clock, new() { ["Videos:Quota:UploadsPerDay"] = "3" });
        var (_, token) = await host.RegisterAsync();
        using var tus = TusTests.Tus(host, token);
        var sample = await SampleMedia.VideoAsync(320, 180, 1);

        // Three uploads in a day, plain and resumable alike.
        var started = clock.GetUtcNow();
        await VideoApi.UploadOkAsync(host, token, sample, "first");
        await TusTests.CreateAsync(tus, 5000, "second");
        await TusTests.CreateAsync(tus, 5000, "third");
        var quota = await QuotaAsync(host, token);
        Assert.Equal(3, quota.GetProperty("uploadsPerDay").GetInt32());
        Assert.Equal(3, quota.GetProperty("uploadsUsed").GetInt32());
        Assert.Equal(2, quota.GetProperty("unfinishedUploads").GetInt32());
        // The plain POST counts its declared length (the file and the multipart envelope), the tus uploads their Upload-Length.
        var declared = new FileInfo(sample).Length + 10000;
        Assert.InRange(quota.GetProperty("bytesUsed").GetInt64(), declared, declared + 2000);
        Assert.InRange(quota.GetProperty("nextFreeAt").GetDateTimeOffset(), started.AddDays(1), clock.GetUtcNow().AddDays(1));

        // The fourth: refused over tus and over POST, with when to come back; nothing created or staged.
        var refused = await tus.SendAsync(Creation(5000));
        var problem = await VideoApi.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "upload_quota");
        var retryAfter = RetryAfter(refused);
        Assert.InRange(retryAfter, TimeSpan.FromDays(1) - TimeSpan.FromMinutes(2), TimeSpan.FromDays(1));
        Assert.Equal("uploads_per_day", problem.GetProperty("quota").GetString());
        Assert.Equal(3, problem.GetProperty("limit").GetInt64());
        Assert.Equal(3, problem.GetProperty("used").GetInt64());
        Assert.Equal(retryAfter.TotalSeconds, problem.GetProperty("retryAfterSeconds").GetInt64());
        Assert.Contains("3 uploads in the last 24 hours", problem.GetProperty("detail").GetString());
        Assert.Null(refused.Headers.Location);
        var plain = await VideoApi.UploadAsync(host, token, sample, "fourth");
        await VideoApi.IsProblemAsync(plain, HttpStatusCode.TooManyRequests, "upload_quota");
        Assert.True(plain.Headers.RetryAfter?.Delta > TimeSpan.FromHours(23));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(host.DataDirectory, "videos", "staging"), "*", SearchOption.AllDirectories));
        Assert.Equal(3, (await QuotaAsync(host, token)).GetProperty("uploadsUsed").GetInt32());

        // Another user is not affected; a day later the first uploads have left the window.
        var (_, other) = await host.RegisterAsync();
        using var otherTus = TusTests.Tus(host, other);
        await TusTests.CreateAsync(otherTus, 5000, "someone else");
        clock.Advance(retryAfter + TimeSpan.FromSeconds(1));
        await TusTests.CreateAsync(tus, 5000, "when Retry-After said");
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, (await QuotaAsync(host, token)).GetProperty("uploadsUsed").GetInt32());
    }

    [Fact]
    public async Task Unfinished_uploads_are_limited_and_a_terminated_failed_expired_or_never_created_one_frees_its_slot()
    {
        var clock = new ShiftedClock();
        await using var host = await StartAsync(clock, new() { ["Videos:Quota:ConcurrentUploads"] = "2" });
        var (userId, token) = await host.RegisterAsync();
        using var tus = TusTests.Tus(host, token);

        var first = await TusTests.CreateAsync(tus, 5000, "first");
        Assert.Equal(HttpStatusCode.NoContent, (await TusTests.PatchAsync(tus, first, 0, new byte[1000])).StatusCode);
        var second = await TusTests.CreateAsync(tus, 5000, "second");
        var refused = await tus.SendAsync(Creation(5000));
        var problem = await VideoApi.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "upload_quota");
        Assert.Equal("concurrent_uploads", problem.GetProperty("quota").GetString());
        Assert.Equal(2, problem.GetProperty("limit").GetInt64());
        Assert.Equal(2, problem.GetProperty("used").GetInt64());
        Assert.InRange(RetryAfter(refused), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(2, (await QuotaAsync(host, token)).GetProperty("unfinishedUploads").GetInt32());

        // Terminating one frees its slot at once.
        Assert.Equal(HttpStatusCode.NoContent, (await tus.DeleteAsync(first)).StatusCode);
        var third = await TusTests.CreateAsync(tus, 5000, "third");

        // So does one that completes and is refused at intake (not a video).
        await VideoApi.IsProblemAsync(await tus.SendAsync(Creation(5000)), HttpStatusCode.TooManyRequests, "upload_quota");
        Assert.Equal(HttpStatusCode.NoContent, (await tus.DeleteAsync(second)).StatusCode);
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("not a video\n", 100)));
        var textUpload = await TusTests.CreateAsync(tus, text.Length, "text");
        await VideoApi.IsProblemAsync(await TusTests.PatchAsync(tus, textUpload, 0, text), HttpStatusCode.UnsupportedMediaType, "not_a_video");
        await TusTests.CreateAsync(tus, 5000, "fourth");

        // Abandoned uploads free their slots when they expire, without a release from any gateway.
        await VideoApi.IsProblemAsync(await tus.SendAsync(Creation(5000)), HttpStatusCode.TooManyRequests, "upload_quota");
        clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(HttpStatusCode.Gone, (await tus.SendAsync(new HttpRequestMessage(HttpMethod.Head, third))).StatusCode);
        Assert.Equal(0, (await QuotaAsync(host, token)).GetProperty("unfinishedUploads").GetInt32());
        await TusTests.CreateAsync(tus, 5000, "after the expiry");

        // A gateway that died between reserving a slot and creating the upload: the slot counts for a grace minute only.
        var limits = new UploadQuotaLimits(50, 1L << 40, 2);
        var ghost = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IUploadQuotaGrain>(userId).Reserve("vGhost", 10, true, limits);
        Assert.True(ghost.Granted);
        await VideoApi.IsProblemAsync(await tus.SendAsync(Creation(5000)), HttpStatusCode.TooManyRequests, "upload_quota");
        clock.Advance(TimeSpan.FromMinutes(2));
        await TusTests.CreateAsync(tus, 5000, "after the grace");
    }

    [Fact]
    public async Task A_declared_length_past_the_daily_byte_budget_is_refused()
    {
        var clock = new ShiftedClock();
        await using var host = await StartAsync(clock, new()
        {
            ["Videos:MaxUploadBytes"] = "100000",
            ["Videos:Quota:BytesPerDay"] = "150000",
        });
        var (_, token) = await host.RegisterAsync();
        using var tus = TusTests.Tus(host, token);

        await TusTests.CreateAsync(tus, 100000, "big");
        var refused = await tus.SendAsync(Creation(60000));
        var problem = await VideoApi.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "upload_quota");
        Assert.Equal("bytes_per_day", problem.GetProperty("quota").GetString());
        Assert.Equal(150000, problem.GetProperty("limit").GetInt64());
        Assert.Equal(100000, problem.GetProperty("used").GetInt64());
        Assert.Equal(60000, problem.GetProperty("requested").GetInt64());
        Assert.InRange(RetryAfter(refused), TimeSpan.FromDays(1) - TimeSpan.FromMinutes(2), TimeSpan.FromDays(1));

        // What still fits is accepted; then even a small plain POST is refused by its declared length, unread.
        await TusTests.CreateAsync(tus, 50000, "fits");
        using var client = host.CreateClient(token);
        using var form = new MultipartFormDataContent { { new StringContent("tiny"), "caption" }, { new ByteArrayContent(new byte[100]), "file", "clip.mp4" } };
        var plain = await client.PostAsync("/api/videos", form);
        var plainProblem = await VideoApi.IsProblemAsync(plain, HttpStatusCode.TooManyRequests, "upload_quota");
        Assert.Equal("bytes_per_day", plainProblem.GetProperty("quota").GetString());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(host.DataDirectory, "videos", "staging"), "*", SearchOption.AllDirectories));
        var quota = await QuotaAsync(host, token);
        Assert.Equal(150000, quota.GetProperty("bytesPerDay").GetInt64());
        Assert.Equal(150000, quota.GetProperty("bytesUsed").GetInt64());
    }

    [Fact]
    public async Task The_quota_holds_across_the_gateways_of_a_cluster()
    {
        await using var cluster = await VideoCluster.StartAsync("quota", new Dictionary<string, string?> { ["Videos:Quota:ConcurrentUploads"] = "1" });
        var (_, token) = await cluster.A.RegisterAsync();
        using var onA = TusTests.Tus(cluster.A, token);
        using var onB = TusTests.Tus(cluster.B, token);

        var location = await TusTests.CreateAsync(onA, 5000, "on A");
        await VideoApi.IsProblemAsync(await onB.SendAsync(Creation(5000)), HttpStatusCode.TooManyRequests, "upload_quota");
        var quota = await QuotaAsync(cluster.B, token);
        Assert.Equal(1, quota.GetProperty("unfinishedUploads").GetInt32());
        Assert.Equal(1, quota.GetProperty("uploadsUsed").GetInt32());
        // Terminated on B, the upload made on A frees the slot for both.
        Assert.Equal(HttpStatusCode.NoContent, (await onB.DeleteAsync(location)).StatusCode);
        await TusTests.CreateAsync(onB, 5000, "on B");
        await VideoApi.IsProblemAsync(await onA.SendAsync(Creation(5000)), HttpStatusCode.TooManyRequests, "upload_quota");
    }

    [Theory]
    [InlineData("Videos:Quota:ConcurrentUploads", "0", "Videos:Quota:ConcurrentUploads must be a whole number from 1")]
    [InlineData("Videos:Quota:UploadsPerDay", "many", "Videos:Quota:UploadsPerDay must be a whole number from 1")]
    [InlineData("Videos:Quota:BytesPerDay", "1000", "Videos:Quota:BytesPerDay (1000) must be at least Videos:MaxUploadBytes")]
    public async Task An_invalid_quota_setting_stops_the_gateway_at_start_with_a_sentence(string key, string value, string message)
    {
        using var data = new TempDirectory("stagecast-quota");
        var refused = await Assert.ThrowsAsync<StartupConfigurationException>(() =>
            GatewayHost.StartEmbeddedAsync(data.Path, new Dictionary<string, string?> { [key] = value }));
        Assert.StartsWith(message, refused.Message);
    }

    private static Task<GatewayHost> StartAsync(ShiftedClock clock, Dictionary<string, string?> settings) =>
        GatewayHost.StartEmbeddedAsync(settings: settings, configure: b => b.Services.AddSingleton<TimeProvider>(clock));

    private static HttpRequestMessage Creation(long length)
    {
        var create = new HttpRequestMessage(HttpMethod.Post, "/api/videos/uploads");
        create.Headers.Add("Upload-Length", length.ToString(CultureInfo.InvariantCulture));
        return create;
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response) =>
        TimeSpan.FromSeconds(long.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture));

    private static async Task<JsonElement> QuotaAsync(GatewayHost host, string token)
    {
        using var client = host.CreateClient(token);
        var response = await client.GetAsync("/api/me/upload-quota");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await VideoApi.JsonAsync(response);
    }
}
