using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// GDPR over the real HTTP API: the export is a background job whose zip holds the user's data and their video files,
/// downloadable only by them until it expires; deleting the account removes profile, follows, videos (files in storage)
/// and sessions, ends the live room, and holds the username until the cooling-off period has passed.
/// </summary>
public sealed class PrivacyTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task An_export_holds_the_users_data_and_video_files_for_its_owner_only_until_it_expires()
    {
        var clock = new ShiftedClock();
        await using var host = await StartAsync(clock);
        var name = "exp" + Guid.NewGuid().ToString("N")[..10];
        var (ownerId, ownerToken) = await host.RegisterAsync(name, Password);
        var (friendId, friendToken) = await host.RegisterAsync();
        var sample = await SampleMedia.VideoAsync(320, 180, 1);
        var videoId = await VideoApi.UploadOkAsync(host, ownerToken, sample, "my clip #mine");
        await VideoApi.WaitForStatusAsync(host, videoId, "ready");
        using var owner = host.CreateClient(ownerToken);
        using var friend = host.CreateClient(friendToken);
        (await owner.PostAsync($"/api/users/{friendId}/follow", null)).EnsureSuccessStatusCode();
        (await friend.PostAsync($"/api/users/{ownerId}/follow", null)).EnsureSuccessStatusCode();
        (await friend.PostAsJsonAsync($"/api/videos/{videoId}/comments", new { text = "nice one from a friend" })).EnsureSuccessStatusCode();
        (await owner.PostAsJsonAsync($"/api/videos/{videoId}/comments", new { text = "my own words" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync("/api/reports", new { targetType = "user", targetId = friendId, reason = "a report I filed" })).StatusCode);

        var started = await owner.GetAsync("/api/me/export");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var exportId = (await VideoApi.JsonAsync(started)).GetProperty("exportId").GetString()!;
        var ready = await Eventually.ValueAsync(
            async () => await VideoApi.JsonAsync(await owner.GetAsync($"/api/me/export/{exportId}")),
            e => e.GetProperty("status").GetString() is "ready" or "failed", "export ready");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal(100, ready.GetProperty("progress").GetInt32());
        var download = ready.GetProperty("downloadUrl").GetString()!;

        // Someone else's token learns nothing, not even that the export exists.
        await VideoApi.IsProblemAsync(await friend.GetAsync($"/api/me/export/{exportId}"), HttpStatusCode.NotFound, "unknown_export");
        await VideoApi.IsProblemAsync(await friend.GetAsync(download), HttpStatusCode.NotFound, "unknown_export");
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(download)).StatusCode);

        var archive = await owner.GetAsync(download);
        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
        Assert.Equal("application/zip", archive.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await archive.Content.ReadAsByteArrayAsync()));
        var account = await JsonEntryAsync(zip, "account.json");
        Assert.Equal(name, account.GetProperty("profile").GetProperty("username").GetString());
        var social = await JsonEntryAsync(zip, "social.json");
        Assert.Contains(friendId, social.GetProperty("followers").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(friendId, social.GetProperty("following").EnumerateArray().Select(e => e.GetString()));
        var videos = (await JsonEntryAsync(zip, "videos.json")).GetRawText();
        Assert.Contains(videoId, videos);
        Assert.Contains("nice one from a friend", videos);
        var comments = (await JsonEntryAsync(zip, "comments.json")).GetRawText();
        Assert.Contains("my own words", comments);
        Assert.DoesNotContain("nice one from a friend", comments);
        Assert.Contains("a report I filed", (await JsonEntryAsync(zip, "reports.json")).GetRawText());
        Assert.NotNull(zip.GetEntry("wallet.json"));
        Assert.NotNull(zip.GetEntry("ledger/ledger_entry.json"));
        var source = zip.GetEntry($"videos/{videoId}/source.mp4")!;
        await using (var stream = source.Open())
        using (var copy = new MemoryStream())
        {
            await stream.CopyToAsync(copy);
            Assert.Equal(await File.ReadAllBytesAsync(sample), copy.ToArray());
        }
        Assert.NotNull(zip.GetEntry($"videos/{videoId}/hls/index.m3u8"));
        Assert.Contains(zip.Entries, e => e.FullName.StartsWith($"videos/{videoId}/hls/", StringComparison.Ordinal) && e.FullName.EndsWith(".ts", StringComparison.Ordinal));

        var stored = Path.Combine(host.DataDirectory, "videos", "store", "exports", exportId);
        Assert.True(Directory.Exists(stored));
        clock.Advance(TimeSpan.FromHours(49));
        await VideoApi.IsProblemAsync(await owner.GetAsync(download), HttpStatusCode.Gone, "export_expired");
        Assert.Equal("expired", (await VideoApi.JsonAsync(await owner.GetAsync($"/api/me/export/{exportId}"))).GetProperty("status").GetString());
        Assert.False(Directory.Exists(stored));
    }

    [Fact]
    public async Task A_deleted_account_loses_profile_follows_videos_sessions_and_live_room_and_its_name_is_held_until_the_cooling_off_ends()
    {
        var clock = new ShiftedClock();
        await using var host = await StartAsync(clock);
        var name = "gone" + Guid.NewGuid().ToString("N")[..10];
        var (userId, token) = await host.RegisterAsync(name, Password);
        var (friendId, friendToken) = await host.RegisterAsync();
        var videoId = await VideoApi.UploadOkAsync(host, token, await SampleMedia.VideoAsync(320, 180, 1), "soon gone");
        var friendsVideo = await VideoApi.UploadOkAsync(host, friendToken, await SampleMedia.VideoAsync(320, 180, 1), "stays");
        await VideoApi.WaitForStatusAsync(host, videoId, "ready");
        await VideoApi.WaitForStatusAsync(host, friendsVideo, "ready");
        var files = Path.Combine(host.DataDirectory, "videos", "store", "videos", videoId);
        Assert.True(Directory.Exists(files));
        using var user = host.CreateClient(token);
        using var friend = host.CreateClient(friendToken);
        (await user.PostAsync($"/api/users/{friendId}/follow", null)).EnsureSuccessStatusCode();
        (await friend.PostAsync($"/api/users/{userId}/follow", null)).EnsureSuccessStatusCode();
        (await user.PostAsJsonAsync($"/api/videos/{friendsVideo}/comments", new { text = "words of the leaver" })).EnsureSuccessStatusCode();
        (await friend.PostAsJsonAsync($"/api/videos/{friendsVideo}/comments", new { text = "words of the friend" })).EnsureSuccessStatusCode();
        (await user.PutAsync($"/api/videos/{friendsVideo}/like", null)).EnsureSuccessStatusCode();
        var room = await host.OpenRoomAsync("my last live", hostToken: token);
        // A finished recording of the room, where the HLS store writes it ({recordings}/{room}/{session}/).
        var recording = Path.Combine(host.DataDirectory, "recordings", Stagecast.Media.Hls.HlsRoomStore.SafeName(room.RoomId));
        Directory.CreateDirectory(Path.Combine(recording, "session-1"));
        await File.WriteAllTextAsync(Path.Combine(recording, "session-1", "vod.m3u8"), "#EXTM3U\n");

        await VideoApi.IsProblemAsync(await DeleteMeAsync(user, "wrong password"), HttpStatusCode.Unauthorized, "invalid_credentials");
        await VideoApi.IsProblemAsync(await DeleteMeAsync(user, null), HttpStatusCode.BadRequest, "password_required");
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteMeAsync(user, Password)).StatusCode);

        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/login", new { username = name, password = Password })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/users/{userId}")).StatusCode);
        await VideoApi.IsProblemAsync(await anonymous.GetAsync($"/api/videos/{videoId}"), HttpStatusCode.NotFound, "unknown_video");
        Assert.False(Directory.Exists(files));
        Assert.False(Directory.Exists(recording));
        // The upload quota's tally of the account (its upload's id and time) went too.
        var tally = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<Stagecast.Contracts.Videos.IUploadQuotaGrain>(userId)
            .Usage(new Stagecast.Contracts.Videos.UploadQuotaLimits(50, 1L << 30, 3));
        Assert.Equal(0, tally.Uploads);
        var left = await anonymous.GetStringAsync($"/api/videos/{friendsVideo}/comments");
        Assert.DoesNotContain("words of the leaver", left);
        Assert.Contains("words of the friend", left);
        Assert.DoesNotContain(userId, left);
        var stats = (await VideoApi.JsonAsync(await anonymous.GetAsync($"/api/videos/{friendsVideo}"))).GetProperty("stats");
        Assert.Equal(0, stats.GetProperty("likes").GetInt64());
        Assert.Equal(1, stats.GetProperty("comments").GetInt64());
        var friendProfile = await VideoApi.JsonAsync(await anonymous.GetAsync($"/api/users/{friendId}"));
        Assert.Equal(0, friendProfile.GetProperty("followers").GetInt32());
        Assert.Equal(0, friendProfile.GetProperty("following").GetInt32());
        Assert.Equal("ended", (await VideoApi.JsonAsync(await anonymous.GetAsync($"/api/live/{room.RoomId}"))).GetProperty("status").GetString());
        Assert.DoesNotContain(room.RoomId, await anonymous.GetStringAsync("/api/live"));

        var again = new { username = name, password = Password };
        await VideoApi.IsProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/register", again), HttpStatusCode.Conflict, "username_taken");
        clock.Advance(TimeSpan.FromDays(29));
        await VideoApi.IsProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/register", again), HttpStatusCode.Conflict, "username_taken");
        clock.Advance(TimeSpan.FromDays(1.1));
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsJsonAsync("/api/auth/register", again)).StatusCode);
    }

    [Fact]
    public async Task An_export_started_before_a_restart_is_ready_after_it()
    {
        using var data = new TempDirectory("stagecast-export-restart");
        string exportId, token;
        await using (var first = await GatewayHost.StartEmbeddedAsync(data.Path))
        {
            (_, token) = await first.RegisterAsync(password: Password);
            using var client = first.CreateClient(token);
            var started = await client.PostAsync("/api/me/export", null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            exportId = (await VideoApi.JsonAsync(started)).GetProperty("exportId").GetString()!;
        }
        await using var second = await GatewayHost.StartEmbeddedAsync(data.Path);
        using var owner = second.CreateClient(token);
        var ready = await Eventually.ValueAsync(
            async () => await VideoApi.JsonAsync(await owner.GetAsync($"/api/me/export/{exportId}")),
            e => e.GetProperty("status").GetString() is "ready" or "failed", "export ready after the restart");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        var archive = await owner.GetAsync(ready.GetProperty("downloadUrl").GetString()!);
        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await archive.Content.ReadAsByteArrayAsync()));
        Assert.NotNull(zip.GetEntry("account.json"));
    }

    private static Task<GatewayHost> StartAsync(ShiftedClock clock) =>
        GatewayHost.StartEmbeddedAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));

    private static Task<HttpResponseMessage> DeleteMeAsync(HttpClient client, string? password) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/me") { Content = JsonContent.Create(new { password }) });

    private static async Task<JsonElement> JsonEntryAsync(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"{name} is not in the archive");
        await using var stream = entry.Open();
        return (await JsonDocument.ParseAsync(stream)).RootElement.Clone();
    }
}
