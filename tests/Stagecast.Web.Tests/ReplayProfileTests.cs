using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>
/// A finished live's recording becomes a replay video and the host's profile grid shows it with a REPLAY badge.
/// Its own platform (replays on; the shared one keeps them off so its feed stays empty for the other tests). The
/// recording is an fMP4 HLS VOD made by ffmpeg in the layout the packager writes (its end marker last).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ReplayProfileTests(WebFixture web)
{
    [Fact]
    public async Task AnEndedLiveShowsOnTheHostsProfileAsAReplay()
    {
        await using var platform = await PlatformProcess.StartAsync("--Replays:Enabled=true", "--Replays:ScanInterval=00:00:00.5", "--Stagecast:Rtmp:Port=0");
        using var http = new HttpClient { BaseAddress = platform.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var registered = await (await http.PostAsJsonAsync("/api/auth/register", new { username = Pages.NewUsername("rita"), password = "correct horse battery" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var hostId = registered.GetProperty("userId").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", registered.GetProperty("token").GetString());
        var roomId = (await (await http.PostAsJsonAsync("/api/live", new { title = "Night market #food" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roomId").GetString()!;
        (await http.PostAsync($"/api/live/{roomId}/start", null)).EnsureSuccessStatusCode();
        await RecordAsync(Path.Combine(platform.DataDirectory, "recordings", roomId, "20261205T120000000Z-abc123"));
        (await http.DeleteAsync($"/api/live/{roomId}")).EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow.AddMinutes(2);
        JsonElement video;
        while (true)
        {
            var list = await http.GetFromJsonAsync<JsonElement>($"/api/users/{hostId}/videos");
            if (list.GetArrayLength() == 1 && (video = list[0]).GetProperty("status").GetString() == "ready")
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, $"no ready replay: {list}\n{platform.Log}");
            await Task.Delay(250);
        }
        Assert.Equal("replay", video.GetProperty("kind").GetString());

        await using var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = platform.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var errors = Pages.TrackErrors(page);
        await page.GotoAsync($"/profile.html?user={hostId}");
        var selector = $".video-tile[data-video-id='{video.GetProperty("videoId").GetString()}']";
        var tile = page.Locator(selector);
        await Expect(tile).ToHaveAttributeAsync("data-kind", "replay");
        await Expect(tile.Locator(".badge.replay")).ToHaveTextAsync("REPLAY");
        await Expect(tile).ToHaveAttributeAsync("aria-label", "Night market #food");
        // The thumbnail ffmpeg made from the recording loads.
        await page.WaitForFunctionAsync("s => { const i = document.querySelector(s + ' img'); return i && i.complete && i.naturalWidth > 0; }", selector);
        await Pages.ScreenshotAsync(page, "profile-replay");
        Assert.Empty(errors);
    }

    /// <summary>Writes a 3 s fMP4 HLS VOD like the packager's recording: init1.mp4, seg*.m4s, vod.m3u8, then replay.m3u8.</summary>
    private static async Task RecordAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var a in new[] { "-y", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=360x640:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=330", "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "50",
            "-c:a", "aac", "-f", "hls", "-hls_segment_type", "fmp4", "-hls_playlist_type", "vod", "-hls_time", "2",
            "-hls_fmp4_init_filename", "init1.mp4", "-hls_segment_filename", "seg%d.m4s", "vod.m3u8" })
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info)!;
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, err);
        await File.WriteAllTextAsync(Path.Combine(folder, "replay.m3u8"), "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2000000\nvod.m3u8\n");
    }
}
