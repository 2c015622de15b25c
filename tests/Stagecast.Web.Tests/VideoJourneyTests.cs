using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>A creator uploads from the upload page, a viewer plays it in the For You feed, the profile lists it.</summary>
[Collection(WebCollection.Name)]
public sealed class VideoJourneyTests(WebFixture web)
{
    [Fact]
    public async Task AnUploadShowsProgressThenPlaysInTheFeedAndOnTheProfile()
    {
        var sample = await MakeSampleAsync();
        await using var creatorContext = await web.NewPersonAsync();
        var creator = await Pages.SignUpAsync(creatorContext, Pages.NewUsername("cleo"), "Cleo");
        var errors = Pages.TrackErrors(creator);
        string? videoId = null;
        try
        {
            await creator.GotoAsync("/upload.html");
            await Expect(creator.GetByRole(AriaRole.Heading, new() { Name = "Upload a video", Level = 1 })).ToBeVisibleAsync();
            await creator.Locator("#caption").FillAsync("Morning stretch #");
            await Expect(creator.Locator("#suggestions button").First).ToBeVisibleAsync();
            await creator.Locator("#suggestions button", new() { HasText = "#fyp" }).ClickAsync();
            await Expect(creator.Locator("#caption")).ToHaveValueAsync("Morning stretch #fyp ");
            await creator.Locator("#file").SetInputFilesAsync(sample);
            await creator.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
            await Expect(creator.Locator("#upload-progress")).ToHaveJSPropertyAsync("value", 100);
            await Expect(creator.Locator("#status")).ToContainTextAsync("Ready", new() { Timeout = 120_000 });
            await Expect(creator.Locator("#processing-progress")).ToHaveJSPropertyAsync("value", 100);
            var creatorId = await creator.EvaluateAsync<string>("() => localStorage.getItem('stagecast.userId')");

            // The profile grid lists the video.
            videoId = await OnlyProfileVideoAsync(creator);

            // An anonymous viewer's For You feed plays it (hls.js, muted autoplay) with the creator's name.
            await using var viewerContext = await web.NewPersonAsync(new ViewportSize { Width = 390, Height = 844 });
            var viewer = await viewerContext.NewPageAsync();
            var viewerErrors = Pages.TrackErrors(viewer);
            await viewer.GotoAsync("/");
            var item = viewer.Locator($"article.feed-item[data-video-id='{videoId}']");
            await Expect(item).ToBeVisibleAsync();
            await Expect(item.Locator("a.creator")).ToHaveTextAsync("@Cleo");
            await Expect(item.Locator("a.creator")).ToHaveAttributeAsync("href", $"/profile.html?user={creatorId}");
            await item.ScrollIntoViewIfNeededAsync();
            var video = item.Locator("video");
            await Pages.WaitForPlaybackAsync(video, 0.5, TimeSpan.FromSeconds(30));
            Assert.True(await video.EvaluateAsync<bool>("v => v.muted"));
            await Pages.ScreenshotAsync(viewer, "phone-feed-video");
            Assert.Empty(viewerErrors);

            // A signed-in fan comments on it from the feed, reports it, and still finds it after reloading the page
            // (everything new seen: it comes back as the first "rewatch"; before, the feed read "No short videos yet").
            await using var fanContext = await web.NewPersonAsync(new ViewportSize { Width = 390, Height = 844 });
            var fan = await Pages.SignUpAsync(fanContext, Pages.NewUsername("fan"), "Fern");
            var fanErrors = Pages.TrackErrors(fan);
            await fan.GotoAsync("/");
            var fanItem = fan.Locator($"article.feed-item[data-video-id='{videoId}']");
            await Expect(fanItem).ToBeVisibleAsync();
            // The like's answer is held until the live count (pushed each second) has already told the page 1: the
            // page once added the fan's like on top of it and read "2" (a race seen in a README-order run).
            var pushed = fan.WaitForFunctionAsync($"() => document.querySelector(\"article.feed-item[data-video-id='{videoId}'] button.like .count\")?.textContent === '1'");
            await fan.RouteAsync("**/api/videos/*/like", async route =>
            {
                if (route.Request.Method != "PUT")
                {
                    await route.ContinueAsync();
                    return;
                }
                var answer = await route.FetchAsync();
                await pushed;
                await route.FulfillAsync(new() { Response = answer });
            });
            await fanItem.GetByRole(AriaRole.Button, new() { Name = "Like" }).ClickAsync();
            await pushed;
            await Expect(fanItem.Locator("button.like")).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(fanItem.Locator("button.like .count")).ToHaveTextAsync("1");
            await fan.UnrouteAllAsync();
            await fanItem.Locator("button.comments").ClickAsync();
            var sheet = fan.GetByRole(AriaRole.Dialog);
            await Expect(sheet.Locator(".comment-list")).ToContainTextAsync("No comments yet");
            await sheet.GetByRole(AriaRole.Textbox, new() { Name = "Add a comment" }).FillAsync("Lovely stretch!");
            await sheet.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
            await Expect(sheet.Locator(".comment-list li")).ToHaveCountAsync(1);
            await Expect(sheet.Locator(".comment-list li")).ToContainTextAsync("Fern Lovely stretch!");
            await Expect(fanItem.Locator("button.comments .count")).ToHaveTextAsync("1");
            // Their own comment: they may delete it, not report it.
            await Expect(sheet.GetByRole(AriaRole.Button, new() { Name = "Delete your comment" })).ToBeVisibleAsync();
            await Expect(sheet.GetByRole(AriaRole.Button, new() { Name = "Report comment by Fern" })).ToHaveCountAsync(0);
            await Pages.ScreenshotAsync(fan, "phone-feed-comments");
            await sheet.GetByRole(AriaRole.Button, new() { Name = "Close comments" }).ClickAsync();
            await Expect(sheet).ToBeHiddenAsync();
            fan.Dialog += async (_, dialog) => await dialog.AcceptAsync("Copied from my channel");
            await fanItem.GetByRole(AriaRole.Button, new() { Name = "Report this video" }).ClickAsync();
            await Expect(fan.Locator(".toast")).ToContainTextAsync("the operators will review your report");
            await fan.ReloadAsync();
            await Expect(fanItem).ToHaveAttributeAsync("data-reason", "rewatch");
            await Expect(fanItem.Locator(".caught-up")).ToHaveTextAsync("You're all caught up. Watching again:");
            // Liked before the reload, it still shows as liked, with one like (it read "♥ 0", not pressed, before).
            await Expect(fanItem.Locator("button.like")).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(fanItem.Locator("button.like .count")).ToHaveTextAsync("1");
            // Its comment count is the video's own (the hub's WatchVideo answer), not the feed card's, which may lag.
            await Expect(fanItem.Locator("button.comments .count")).ToHaveTextAsync("1");
            Assert.Empty(fanErrors);

            // The profile tile opens the video at the top of the feed (it linked to the bare playlist before), even
            // for its creator, whose own videos the feed never serves; the comment count came along.
            await creator.GotoAsync($"/profile.html?user={creatorId}");
            var tile = creator.Locator($".video-tile[data-video-id='{videoId}']");
            await Expect(tile).ToHaveAttributeAsync("href", $"/?v={videoId}");
            await tile.ClickAsync();
            var first = creator.Locator("#feed article.feed-item").First;
            await Expect(first).ToHaveAttributeAsync("data-video-id", videoId!);
            await Expect(first.Locator("button.comments .count")).ToHaveTextAsync("1");
            await Pages.WaitForPlaybackAsync(first.Locator("video"), 0.5, TimeSpan.FromSeconds(30));

            // The creator reports the fan's comment to the operators and deletes it from their video (the web app
            // had neither for video comments).
            creator.Dialog += async (_, dialog) => await dialog.AcceptAsync(dialog.Type == "prompt" ? "Rude to me" : null);
            await first.Locator("button.comments").ClickAsync();
            var creatorSheet = creator.GetByRole(AriaRole.Dialog);
            await Expect(creatorSheet.Locator(".comment-list li")).ToContainTextAsync("Fern Lovely stretch!");
            await creatorSheet.GetByRole(AriaRole.Button, new() { Name = "Report comment by Fern" }).ClickAsync();
            await Expect(creator.Locator(".toast")).ToContainTextAsync("the operators will review your report");
            await creatorSheet.GetByRole(AriaRole.Button, new() { Name = "Delete comment by Fern" }).ClickAsync();
            await Expect(creatorSheet.Locator(".comment-list")).ToContainTextAsync("No comments yet");
            await Expect(first.Locator("button.comments .count")).ToHaveTextAsync("0");
            await creatorSheet.GetByRole(AriaRole.Button, new() { Name = "Close comments" }).ClickAsync();
            await first.GetByRole(AriaRole.Button, new() { Name = "Like" }).ClickAsync();
            await Expect(first.Locator("button.like .count")).ToHaveTextAsync("2");
            // The fan's page, still open on the video, follows both live (hub videoCounts), without a reload: it kept
            // "1" comment and "1" like before.
            await Expect(fanItem.Locator("button.comments .count")).ToHaveTextAsync("0");
            await Expect(fanItem.Locator("button.like .count")).ToHaveTextAsync("2");
            await Expect(fanItem.Locator("button.like")).ToHaveAttributeAsync("aria-pressed", "true");
            Assert.Empty(fanErrors);
            Assert.Empty(errors);
        }
        finally
        {
            // The shared platform's other tests expect an empty feed.
            await DeleteVideoAsync(creator, videoId);
            File.Delete(sample);
        }
    }

    /// <summary>
    /// The upload page sends files resumably (tus): a connection broken in the middle of the upload is resumed from the
    /// offset the server kept (HEAD, then PATCH again), and the video still becomes ready, with nothing to redo by hand.
    /// </summary>
    [Fact]
    public async Task AnUploadWhoseConnectionBreaksResumesAndBecomesAVideo()
    {
        var sample = await MakeSampleAsync();
        await using var context = await web.NewPersonAsync();
        var creator = await Pages.SignUpAsync(context, Pages.NewUsername("rita"), "Rita");
        var errors = Pages.TrackErrors(creator);
        var requests = new System.Collections.Concurrent.ConcurrentQueue<string>();
        creator.Request += (_, r) => { if (r.Url.Contains("/api/videos/uploads", StringComparison.Ordinal)) requests.Enqueue(r.Method); };
        var patches = 0;
        await creator.RouteAsync("**/api/videos/uploads/*", async route =>
        {
            // The first PATCH dies on the way, as on a train going into a tunnel.
            if (route.Request.Method == "PATCH" && Interlocked.Increment(ref patches) == 1)
            {
                await route.AbortAsync("connectionreset");
                return;
            }
            await route.ContinueAsync();
        });
        string? videoId = null;
        try
        {
            await creator.GotoAsync("/upload.html");
            await creator.Locator("#caption").FillAsync("Through the tunnel #travel");
            await creator.Locator("#file").SetInputFilesAsync(sample);
            await creator.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
            await Expect(creator.Locator("#status")).ToContainTextAsync("Ready", new() { Timeout = 120_000 });
            await Expect(creator.Locator("#upload-progress")).ToHaveJSPropertyAsync("value", 100);

            var methods = requests.ToArray();
            Assert.Equal("POST", methods[0]);
            Assert.True(patches >= 2, $"PATCH requests: {patches}");
            Assert.Contains("HEAD", methods); // the resume asked the server where to go on from
            Assert.DoesNotContain("POST", methods.Skip(1)); // resumed, not started again

            videoId = await OnlyProfileVideoAsync(creator);
            Assert.Empty(errors);
        }
        finally
        {
            await DeleteVideoAsync(creator, videoId);
            File.Delete(sample);
        }
    }

    [Fact]
    public async Task AnUploadCutOffByReloadingThePageResumesWhenTheSameFileIsChosenAgain()
    {
        // Noise does not compress: about 17 MB, so the first 8 MiB PATCH lands before the page goes away.
        var sample = await MakeSampleAsync("nullsrc=size=640x360:rate=25,geq=lum='random(1)*255':cb=128:cr=128", 2, "-qp", "0");
        var size = new FileInfo(sample).Length;
        Assert.True(size > 9 * 1024 * 1024, $"sample of {size} bytes");
        await using var context = await web.NewPersonAsync();
        var creator = await Pages.SignUpAsync(context, Pages.NewUsername("rosa"), "Rosa");
        var requests = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var offsets = new System.Collections.Concurrent.ConcurrentQueue<long>();
        creator.Request += (_, r) => { if (r.Url.Contains("/api/videos/uploads", StringComparison.Ordinal)) requests.Enqueue(r.Method); };
        creator.Response += (_, r) =>
        {
            if (r.Request.Method == "HEAD" && r.Url.Contains("/api/videos/uploads/", StringComparison.Ordinal)
                && r.Headers.TryGetValue("upload-offset", out var offset))
            {
                offsets.Enqueue(long.Parse(offset));
            }
        };
        var patches = 0;
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await creator.RouteAsync("**/api/videos/uploads/*", async route =>
        {
            // The second PATCH never leaves the browser: the person closes the page while it is on its way.
            if (route.Request.Method == "PATCH" && Interlocked.Increment(ref patches) == 2)
            {
                held.TrySetResult();
                return;
            }
            await route.ContinueAsync();
        });
        string? videoId = null;
        try
        {
            await creator.GotoAsync("/upload.html");
            await creator.Locator("#caption").FillAsync("Noise, resumed #static");
            await creator.Locator("#file").SetInputFilesAsync(sample);
            await creator.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
            await held.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await creator.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
            Assert.Equal(["POST", "PATCH", "PATCH"], requests.ToArray());

            // Back on the page (a reload), the same file is chosen again.
            await creator.ReloadAsync();
            requests.Clear();
            var errors = Pages.TrackErrors(creator);
            await creator.Locator("#caption").FillAsync("Noise, resumed #static");
            await creator.Locator("#file").SetInputFilesAsync(sample);
            await creator.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
            await Expect(creator.Locator("#status")).ToContainTextAsync("Ready", new() { Timeout = 180_000 });

            // It asked the server where to go on and went on from the first 8 MiB: no new upload was created.
            var methods = requests.ToArray();
            Assert.Equal("HEAD", methods[0]);
            Assert.DoesNotContain("POST", methods);
            Assert.Equal(8L * 1024 * 1024, Assert.Single(offsets));
            videoId = await OnlyProfileVideoAsync(creator);
            Assert.Empty(errors);
        }
        finally
        {
            await DeleteVideoAsync(creator, videoId);
            File.Delete(sample);
        }
    }

    /// <summary>
    /// The upload page shows the user's quota; with every unfinished slot taken (three tus uploads made over the API), a
    /// posted file is refused by the server before any byte goes up, once (no tus retries), and the page says why and when
    /// to try again.
    /// </summary>
    [Fact]
    public async Task TheUploadPageShowsTheQuotaAndARefusalSaysWhenToTryAgain()
    {
        await using var context = await web.NewPersonAsync();
        var creator = await Pages.SignUpAsync(context, Pages.NewUsername("quin"), "Quin");
        var errors = Pages.TrackErrors(creator);
        await creator.GotoAsync("/upload.html");
        // The whole line: it ended in "null" (the absent "next upload frees at" part written out as text).
        await Expect(creator.Locator("#quota")).ToHaveTextAsync("0 of 50 uploads today · 0 of 3 unfinished · 0 MiB of 10.0 GiB");

        using var http = new HttpClient { BaseAddress = web.Platform.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Api.TokenAsync(creator));
        http.DefaultRequestHeaders.Add("Tus-Resumable", "1.0.0");
        var unfinished = new List<Uri>();
        for (var i = 0; i < 3; i++)
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, "/api/videos/uploads");
            create.Headers.Add("Upload-Length", "5000");
            var created = await http.SendAsync(create);
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
            unfinished.Add(created.Headers.Location!);
        }
        try
        {
            await creator.ReloadAsync();
            await Expect(creator.Locator("#quota")).ToContainTextAsync("3 of 50 uploads today · 3 of 3 unfinished");
            var posts = 0;
            creator.Request += (_, r) => { if (r.Method == "POST" && r.Url.Contains("/api/videos/uploads", StringComparison.Ordinal)) Interlocked.Increment(ref posts); };
            await creator.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "clip.mp4", MimeType = "video/mp4", Buffer = new byte[4000] });
            await creator.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
            var refusal = creator.Locator("#quota-refusal");
            await Expect(refusal).ToBeVisibleAsync();
            await Expect(refusal).ToContainTextAsync("3 unfinished uploads");
            await Expect(refusal).ToContainTextAsync("try again in");
            await Expect(refusal).ToContainTextAsync("(That is ");
            await Expect(creator.Locator("#submit")).ToBeEnabledAsync();
            await Expect(creator.Locator("#progress-box")).ToBeHiddenAsync();
            Assert.Equal(1, posts);
            await Pages.ScreenshotAsync(creator, "upload-quota-refused");
            Assert.Empty(errors);
        }
        finally
        {
            foreach (var location in unfinished)
            {
                await http.DeleteAsync(location);
            }
        }
    }

    /// <summary>From the upload page's done link to the creator's profile, which shows exactly one video: its id.</summary>
    private static async Task<string?> OnlyProfileVideoAsync(IPage creator)
    {
        await creator.Locator("#done-link").ClickAsync();
        var tile = creator.Locator(".video-tile");
        await Expect(tile).ToHaveCountAsync(1);
        return await tile.GetAttributeAsync("data-video-id");
    }

    /// <summary>Deletes the test's video with the creator's session (nothing when the test failed before it had one).</summary>
    private async Task DeleteVideoAsync(IPage creator, string? videoId)
    {
        if (videoId is null)
        {
            return;
        }
        using var http = new HttpClient { BaseAddress = web.Platform.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Api.TokenAsync(creator));
        (await http.DeleteAsync($"/api/videos/{videoId}")).EnsureSuccessStatusCode();
    }

    private static async Task<string> MakeSampleAsync(string video = "testsrc=size=360x640:rate=25", int seconds = 3, params string[] encoder)
    {
        var path = Path.Combine(Path.GetTempPath(), $"stagecast-web-sample-{Guid.NewGuid():N}.mp4");
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var a in new[] { "-y", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", video,
            "-f", "lavfi", "-i", "sine=frequency=330", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "ultrafast" }.Concat(encoder).Concat(["-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path]))
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info)!;
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, err);
        return path;
    }
}
