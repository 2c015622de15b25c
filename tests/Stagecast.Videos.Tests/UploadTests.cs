using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>Uploads through the real gateway, processed by real ffmpeg, played back by ffprobe over HTTP.</summary>
public sealed class UploadTests
{
    [Fact]
    public async Task Uploaded_video_is_processed_into_playable_hls_with_status_pushed_to_the_uploader()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var (userId, token) = await host.RegisterAsync();
        var statuses = new ConcurrentQueue<JsonElement>();
        await using var hub = await VideoApi.ConnectHubAsync(host, token, h => h.On<JsonElement>("videoStatus", statuses.Enqueue));

        var sample = await SampleMedia.VideoAsync(1280, 720);
        var videoId = await VideoApi.UploadOkAsync(host, token, sample, "Sunset run #Été #travel #日本 #travel");
        var video = await VideoApi.WaitForStatusAsync(host, videoId, "ready");

        Assert.Equal("ready", video.GetProperty("status").GetString());
        Assert.Equal(100, video.GetProperty("percent").GetInt32());
        Assert.Equal(userId, video.GetProperty("ownerId").GetString());
        Assert.Equal(["été", "travel", "日本"], video.GetProperty("hashtags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal([720, 360], video.GetProperty("renditions").EnumerateArray().Select(r => r.GetInt32()).ToArray());
        Assert.InRange(video.GetProperty("durationMs").GetInt64(), 1900, 2200);

        // The multivariant playlist plays: ffprobe reads H.264 video and AAC audio through the gateway.
        var probe = await SampleMedia.ProbeAsync(video.GetProperty("hlsUrl").GetString()!);
        var codecs = probe.GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("codec_name").GetString()).ToHashSet();
        Assert.Contains("h264", codecs);
        Assert.Contains("aac", codecs);
        var rendition = await SampleMedia.ProbeAsync(new Uri(host.BaseAddress, $"/media/videos/{videoId}/hls/360p/index.m3u8").ToString());
        var v360 = rendition.GetProperty("streams").EnumerateArray().First(s => s.GetProperty("codec_type").GetString() == "video");
        Assert.Equal(360, v360.GetProperty("height").GetInt32());
        Assert.Equal(640, v360.GetProperty("width").GetInt32());

        using var client = host.CreateClient();
        var thumb = await client.GetAsync(video.GetProperty("thumbnailUrl").GetString());
        Assert.Equal("image/jpeg", thumb.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xFF, 0xD8], (await thumb.Content.ReadAsByteArrayAsync())[..2]);
        // The original upload is never served.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/media/videos/{videoId}/source")).StatusCode);

        // The uploader saw processing and then ready over SignalR.
        await Eventually.ValueAsync(() => Task.FromResult(statuses.Select(s => s.GetProperty("status").GetString()).ToList()),
            s => s.Contains("ready"), "videoStatus ready pushed", 20);
        Assert.All(statuses, s => Assert.Equal(videoId, s.GetProperty("videoId").GetString()));
        Assert.Contains(statuses, s => s.GetProperty("status").GetString() is "processing" or "uploaded");
    }

    [Fact]
    public async Task A_text_file_renamed_to_mp4_is_refused_and_leaves_nothing_behind()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var (_, token) = await host.RegisterAsync();
        var path = Path.Combine(Path.GetTempPath(), $"stagecast-not-a-video-{Guid.NewGuid():N}.mp4");
        await File.WriteAllTextAsync(path, string.Concat(Enumerable.Repeat("This is not a video, just text.\n", 500)));
        try
        {
            var response = await VideoApi.UploadAsync(host, token, path, "fake #clip");
            var problem = await VideoApi.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "not_a_video");
            Assert.DoesNotContain(host.DataDirectory, problem.GetRawText());
            AssertNoFiles(host);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_oversized_upload_is_refused_with_413_without_storing_it()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?> { ["Videos:MaxUploadBytes"] = "20000" });
        var (_, token) = await host.RegisterAsync();
        var sample = await SampleMedia.VideoAsync(640, 360);
        Assert.True(new FileInfo(sample).Length > 20000);

        // Declared too large: refused before a byte of the body is read.
        var declared = await VideoApi.UploadAsync(host, token, sample, "big");
        var problem = await VideoApi.IsProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge, "upload_too_large");
        Assert.Equal(20000, problem.GetProperty("maxBytes").GetInt64());

        // No length declared (chunked): refused once the count passes the limit, the partial file removed.
        using var client = host.CreateClient(token);
        using var form = new MultipartFormDataContent();
        form.Add(new StreamContent(new UnknownLengthStream(File.OpenRead(sample))), "file", "clip.mp4");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/videos") { Content = form };
        request.Headers.TransferEncodingChunked = true;
        var chunked = await client.SendAsync(request);
        await VideoApi.IsProblemAsync(chunked, HttpStatusCode.RequestEntityTooLarge, "upload_too_large");
        AssertNoFiles(host);
    }

    [Fact]
    public async Task Engagement_events_are_validated_and_counted_once_per_event_id()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var (_, token) = await host.RegisterAsync();
        var (_, viewer) = await host.RegisterAsync();
        var videoId = await VideoApi.UploadOkAsync(host, token, await SampleMedia.VideoAsync(320, 180, 1), "tiny #test");
        Assert.Equal("ready", (await VideoApi.WaitForStatusAsync(host, videoId, "ready")).GetProperty("status").GetString());

        using var client = host.CreateClient(viewer);
        var url = $"/api/videos/{videoId}/events";
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync(url, new { type = "watch", watchedMs = 1000, eventId = "e1" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync(url, new { type = "watch", watchedMs = 1000, eventId = "e1" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync(url, new { type = "share", eventId = "e2" })).StatusCode);
        await VideoApi.IsProblemAsync(await client.PostAsJsonAsync(url, new { type = "watch", watchedMs = 60_000 }), HttpStatusCode.BadRequest, "invalid_watch_time");
        await VideoApi.IsProblemAsync(await client.PostAsJsonAsync(url, new { type = "teleport" }), HttpStatusCode.BadRequest, "invalid_event_type");
        await VideoApi.IsProblemAsync(await client.PostAsJsonAsync("/api/videos/vnope/events", new { type = "view" }), HttpStatusCode.NotFound, "unknown_video");
        // GET /like tells the caller whether they like it (the feed shows a video liked before as liked).
        var likeUrl = $"/api/videos/{videoId}/like";
        var before = await VideoApi.JsonAsync(await client.GetAsync(likeUrl));
        Assert.False(before.GetProperty("liked").GetBoolean());
        Assert.Equal(0, before.GetProperty("likes").GetInt64());
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync(likeUrl, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync(likeUrl, null)).StatusCode);
        var after = await VideoApi.JsonAsync(await client.GetAsync(likeUrl));
        Assert.True(after.GetProperty("liked").GetBoolean());
        Assert.Equal(1, after.GetProperty("likes").GetInt64());
        using (var creator = host.CreateClient(token))
        {
            var theirs = await VideoApi.JsonAsync(await creator.GetAsync(likeUrl));
            Assert.False(theirs.GetProperty("liked").GetBoolean());
            Assert.Equal(1, theirs.GetProperty("likes").GetInt64());
        }
        await VideoApi.IsProblemAsync(await client.GetAsync("/api/videos/vnope/like"), HttpStatusCode.NotFound, "unknown_video");
        using (var anonymous = host.CreateClient())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(likeUrl)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/videos/{videoId}/comments", new { text = "nice" })).StatusCode);

        var stats = (await VideoApi.JsonAsync(await client.GetAsync($"/api/videos/{videoId}"))).GetProperty("stats");
        Assert.Equal(1000, stats.GetProperty("watchMs").GetInt64());
        Assert.Equal(1, stats.GetProperty("completions").GetInt64());
        Assert.Equal(1, stats.GetProperty("shares").GetInt64());
        Assert.Equal(1, stats.GetProperty("likes").GetInt64());
        Assert.Equal(1, stats.GetProperty("comments").GetInt64());
        var comments = await VideoApi.JsonAsync(await client.GetAsync($"/api/videos/{videoId}/comments"));
        Assert.Equal("nice", comments[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_comment_is_deleted_by_its_author_or_the_video_owner_and_nobody_else()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var (_, owner) = await host.RegisterAsync();
        var (_, author) = await host.RegisterAsync();
        var (_, stranger) = await host.RegisterAsync();
        var videoId = await VideoApi.UploadOkAsync(host, owner, await SampleMedia.VideoAsync(320, 180, 1), "talk to me");
        await VideoApi.WaitForStatusAsync(host, videoId, "ready");
        using var byOwner = host.CreateClient(owner);
        using var byAuthor = host.CreateClient(author);
        using var byStranger = host.CreateClient(stranger);
        using var anonymous = host.CreateClient();
        var url = $"/api/videos/{videoId}/comments";
        foreach (var text in new[] { "first", "second", "third" })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await byAuthor.PostAsJsonAsync(url, new { text })).StatusCode);
        }
        async Task<List<(long Id, string Text)>> CommentsAsync() =>
            [.. (await VideoApi.JsonAsync(await anonymous.GetAsync(url))).EnumerateArray()
                .Select(c => (c.GetProperty("commentId").GetInt64(), c.GetProperty("text").GetString()!))];
        async Task<long> CountAsync() =>
            (await VideoApi.JsonAsync(await anonymous.GetAsync($"/api/videos/{videoId}"))).GetProperty("stats").GetProperty("comments").GetInt64();
        var all = await CommentsAsync();
        Assert.Equal(["first", "second", "third"], all.Select(c => c.Text));

        // Anyone else is refused, and nothing is lost.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync($"{url}/{all[0].Id}")).StatusCode);
        await VideoApi.IsProblemAsync(await byStranger.DeleteAsync($"{url}/{all[0].Id}"), HttpStatusCode.Forbidden, "not_video_owner");
        Assert.Equal(3, (await CommentsAsync()).Count);

        // The author takes back their own; the owner removes another; each once.
        Assert.Equal(HttpStatusCode.NoContent, (await byAuthor.DeleteAsync($"{url}/{all[0].Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await byOwner.DeleteAsync($"{url}/{all[2].Id}")).StatusCode);
        await VideoApi.IsProblemAsync(await byOwner.DeleteAsync($"{url}/{all[2].Id}"), HttpStatusCode.NotFound, "unknown_comment");
        await VideoApi.IsProblemAsync(await byAuthor.DeleteAsync($"/api/videos/vnope/comments/1"), HttpStatusCode.NotFound, "unknown_video");
        Assert.Equal(["second"], (await CommentsAsync()).Select(c => c.Text));
        Assert.Equal(1, await CountAsync());
    }

    private static void AssertNoFiles(GatewayHost host)
    {
        var root = Path.Combine(host.DataDirectory, "videos");
        var files = Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToList() : [];
        Assert.Empty(files);
    }

    /// <summary>A stream that hides its length, so the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => inner.ReadAsync(buffer, ct);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
