using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Stagecast.TestInfrastructure;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>
/// Issue 16: the studio's RTMPS row (shown with the gateway's RTMPS URL when a certificate is configured, absent
/// otherwise), and the watch page of an RTMP room whose real-time stream has no sound (<c>Stagecast:Rtmp:WhepAudio=false</c>,
/// <c>Stagecast-Whep-Audio: none</c>): it plays in real time labelled "no sound" and switches to LL-HLS, which carries
/// the sound, when the viewer unmutes.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class RtmpStudioAndNoSoundTests(WebFixture web)
{
    [Fact]
    public async Task WithoutACertificate_TheStudioShowsNoRtmpsRow()
    {
        await using var context = await web.NewPersonAsync();
        var studio = await Pages.SignUpAsync(context, Pages.NewUsername("nortmps"));
        await studio.GotoAsync("/studio.html");
        await studio.Locator("#title").FillAsync("No RTMPS here");
        await studio.GetByRole(AriaRole.Button, new() { Name = "Stream with OBS instead" }).ClickAsync();
        await Expect(studio.Locator("#whip-url")).ToContainTextAsync("/whip");
        await Expect(studio.Locator("#rtmps-row")).ToBeHiddenAsync();
        Assert.Equal("", await studio.Locator("#rtmps-url").TextContentAsync());
    }

    [Fact]
    public async Task WithRtmps_TheStudioShowsItsUrl_ASoundlessRealTimeRoomSwitchesToLlHlsOnUnmute_AndAStoppedEncoderShowsReconnecting()
    {
        using var temp = new TempDirectory("stagecast-web-rtmps");
        var (cert, key) = SelfSignedPem.Write(temp.Path);
        var rtmpPort = FreePort.Tcp();
        var tlsPort = FreePort.Tcp();
        await using var platform = await PlatformProcess.StartAsync(
            $"--Stagecast:Rtmp:Port={rtmpPort}", $"--Stagecast:Rtmp:TlsPort={tlsPort}", "--Stagecast:Rtmp:BindAddress=127.0.0.1",
            $"--Stagecast:Rtmp:CertificatePath={cert}", $"--Stagecast:Rtmp:CertificateKeyPath={key}",
            "--Stagecast:Rtmp:WhepAudio=false");
        var baseUrl = platform.BaseAddress.ToString().TrimEnd('/');

        await using var streamerContext = await NewPersonAsync(baseUrl);
        var studio = await Pages.SignUpAsync(streamerContext, Pages.NewUsername("rtmpshost"), "Rosa Rtmps");
        await studio.GotoAsync("/studio.html");
        await studio.Locator("#title").FillAsync("RTMPS from an encoder");
        await studio.GetByRole(AriaRole.Button, new() { Name = "Stream with OBS instead" }).ClickAsync();
        await Expect(studio.Locator("#rtmps-row")).ToBeVisibleAsync();
        await Expect(studio.Locator("#rtmps-url")).ToHaveTextAsync($"rtmps://127.0.0.1:{tlsPort}/live");
        await Expect(studio.Locator("#rtmp-url")).ToHaveTextAsync($"rtmp://127.0.0.1:{rtmpPort}/live");
        await studio.Locator("#show-key").ClickAsync();
        var streamKey = (await studio.Locator("#stream-key").TextContentAsync())!.Trim();
        Assert.DoesNotContain("•", streamKey);
        await Pages.ScreenshotAsync(studio, "studio-rtmps-row");
        var watchHref = await studio.Locator("#watch-link").GetAttributeAsync("href");

        // An encoder publishes to exactly what the studio shows: the RTMPS URL and the key (B-frames off, as docs/obs.md says).
        using var encoder = Ffmpeg(
            "-hide_banner -loglevel warning -re -f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine=frequency=440:sample_rate=44100 " +
            "-t 120 -c:v libx264 -preset veryfast -tune zerolatency -bf 0 -g 30 -pix_fmt yuv420p -c:a aac -b:a 96k " +
            $"-f flv {await studio.Locator("#rtmps-url").TextContentAsync()}/{streamKey}");
        try
        {
            // The watch page asks for real time once, when it opens: open it when the encoder's room is live.
            await WaitStatusAsync(platform.BaseAddress, watchHref!, "live");
            await using var viewerContext = await NewPersonAsync(baseUrl);
            var viewer = await Pages.SignUpAsync(viewerContext, Pages.NewUsername("quietfan"), "Quinn Quiet");
            await viewer.GotoAsync(watchHref!);
            var mode = viewer.Locator("#mode");
            await Expect(mode).ToHaveTextAsync("Real-time (no sound)", new() { Timeout = 60_000 });
            await Pages.WaitForPlaybackAsync(viewer.Locator("#player"), 1, TimeSpan.FromSeconds(60));
            Assert.True(await viewer.Locator("#player").EvaluateAsync<bool>("v => v.srcObject instanceof MediaStream && v.muted"));
            Assert.Equal(0, await viewer.Locator("#player").EvaluateAsync<int>("v => v.srcObject.getAudioTracks().filter(t => !t.muted).length"));
            await Pages.ScreenshotAsync(viewer, "realtime-no-sound");

            // Unmuting wants sound, which only LL-HLS carries here: the page switches and plays unmuted.
            await viewer.Locator("#unmute").ClickAsync();
            await Expect(mode).ToHaveTextAsync("LL-HLS", new() { Timeout = 15_000 });
            await Pages.WaitForPlaybackAsync(viewer.Locator("#player"), 1, TimeSpan.FromSeconds(60));
            Assert.True(await viewer.Locator("#player").EvaluateAsync<bool>("v => v.srcObject === null && !v.muted"));
            await Expect(viewer.Locator("#unmute")).ToHaveTextAsync("Mute");

            // The encoder stops: the room waits for it (the reconnect grace), and the home page's card says so instead
            // of LIVE (it read LIVE for the whole grace before); the watch page tells a new viewer why it is still.
            encoder.Kill();
            await WaitStatusAsync(platform.BaseAddress, watchHref!, "reconnecting");
            await viewer.GotoAsync("/");
            var card = viewer.Locator("a.room-card", new() { HasText = "RTMPS from an encoder" });
            await Expect(card).ToHaveAttributeAsync("data-status", "reconnecting");
            await Expect(card.Locator(".badge")).ToHaveTextAsync("RECONNECTING");
            await Expect(card).ToHaveAttributeAsync("aria-label", new Regex("host reconnecting"));
            await Pages.ScreenshotAsync(viewer, "home-room-reconnecting");
            await card.ClickAsync();
            await Expect(viewer.Locator("#comments")).ToContainTextAsync("The host's stream dropped.");
        }
        catch (Exception e)
        {
            throw new Exception($"{e.Message}\nffmpeg exited: {encoder.HasExited}\n--- gateway log tail ---\n{Tail(platform.Log)}", e);
        }
        finally
        {
            if (!encoder.HasExited) encoder.Kill();
        }
    }

    private static async Task WaitStatusAsync(Uri baseAddress, string watchHref, string status)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        var roomId = Uri.UnescapeDataString(watchHref[(watchHref.IndexOf("room=", StringComparison.Ordinal) + 5)..]);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var room = await http.GetStringAsync($"/api/live/{Uri.EscapeDataString(roomId)}");
            if (room.Contains($"\"status\":\"{status}\"", StringComparison.Ordinal)) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"room {roomId} did not become {status}");
    }

    private async Task<IBrowserContext> NewPersonAsync(string baseUrl)
    {
        var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            Permissions = ["camera", "microphone"],
        });
        context.SetDefaultTimeout(20_000);
        return context;
    }

    private static Process Ffmpeg(string arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/ffmpeg", arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static string Tail(string log) => log.Length <= 4000 ? log : log[^4000..];
}
