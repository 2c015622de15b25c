using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static Stagecast.Cluster.Tests.ClusterApi;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// WHIP through the balancer, as a streamer does it: headless Chromium (fake camera) opens the studio at nginx's address
/// (deploy/nginx.conf, two gateway processes, a silo, Redis, PostgreSQL) and goes live. The offer lands on either
/// gateway; trickle PATCHes of the session URL sent through nginx reach both gateways in turn and each answers as the
/// owner does; a viewer's Chromium on the other gateway plays the HLS; "End live" ends the session on its owner.
/// </summary>
public sealed class BalancedStudioTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TrackedProcesses _processes = new(output);
    private readonly List<IDisposable> _others = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required",
            ],
        });
    }

    [Fact]
    public async Task A_streamer_goes_live_from_the_studio_through_nginx_and_a_viewer_plays_from_the_other_gateway()
    {
        var cluster = await ClusterSettingsAsync("studio");
        _processes.Start("silo", PlatformProcess.DllPath("silo", "Stagecast.Silo"), SiloSettings(cluster));
        int[] ports = [FreePort.Tcp(), FreePort.Tcp()];
        var gateways = ports.Select((port, i) => new Uri($"http://127.0.0.1:{port}")).ToArray();
        for (var i = 0; i < ports.Length; i++)
        {
            // Each gateway has its own WHIP UDP port; its answer advertises 127.0.0.1 (Ingest:Addresses' default).
            _processes.Start($"gateway-{i + 1}", PlatformProcess.DllPath("gateway", "Stagecast.Gateway"), With(cluster, new()
            {
                ["Urls"] = gateways[i].ToString().TrimEnd('/'),
                ["Hls__AdvertisedUrl"] = gateways[i].ToString(),
                ["Ingest__UdpPort"] = FreePort.Udp().ToString(),
                ["Stagecast__Rtmp__Port"] = FreePort.Tcp().ToString(),
                ["Stagecast__Rtmp__BindAddress"] = "127.0.0.1",
                ["Stagecast__TrustedProxies"] = "127.0.0.1",
            }));
        }
        var nginx = NginxProcess.Start(ports);
        _others.Add(nginx);
        foreach (var gateway in gateways)
        {
            using var direct = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(10) };
            await EventuallyAsync(async () => (await direct.GetAsync("/health")).StatusCode == HttpStatusCode.OK
                && (await direct.GetAsync("/studio.html")).StatusCode == HttpStatusCode.OK);
        }

        // The streamer: sign-up, studio and WHIP all at the balancer's address.
        await using var streamer = await PersonAsync(nginx.BaseAddress);
        var studio = await SignUpAsync(streamer, "s");
        studio.Dialog += (_, dialog) => dialog.AcceptAsync();
        await studio.GotoAsync("/studio.html");
        await studio.Locator("#title").FillAsync("Balanced live");
        var responses = new System.Collections.Concurrent.ConcurrentQueue<IResponse>();
        studio.Response += (_, r) => responses.Enqueue(r);
        await studio.Locator("#go-live").ClickAsync(new() { Timeout = 30_000 });
        await Expect(studio.Locator("#status")).ToHaveTextAsync("You are live.", new() { Timeout = 60_000 });
        var answered = responses.Single(r => r.Request.Method == "POST" && r.Url.EndsWith("/whip", StringComparison.Ordinal));
        Assert.Equal(201, answered.Status);
        var location = new Uri(nginx.BaseAddress, await answered.HeaderValueAsync("location") ?? throw new InvalidOperationException("no Location"));
        var watchHref = await studio.Locator("#watch-link").GetAttributeAsync("href");
        var roomId = watchHref!.Split("room=")[1];

        // The gateway that took the offer ingests; the media went straight to its UDP port.
        var owner = -1;
        await EventuallyAsync(async () =>
        {
            var sessions = await Task.WhenAll(gateways.Select(IngestSessionsAsync));
            owner = Array.IndexOf(sessions, 1.0);
            return owner >= 0 && sessions.Sum() == 1;
        });
        output.WriteLine($"gateway-{owner + 1} ingests {location}");

        // Trickle ICE through nginx: round robin sends consecutive PATCHes to both gateways, and both answer as the owner.
        // The stream key is the page's bearer token on the offer (RFC 9725), and again on every request to the session URL.
        var key = (await answered.Request.HeaderValueAsync("authorization"))!["Bearer ".Length..];
        using var balancer = new HttpClient { BaseAddress = nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, location)
            {
                Content = new StringContent("a=candidate:1 1 udp 2130706431 127.0.0.1 9 typ host\r\n", Encoding.UTF8),
                Headers = { Authorization = new("Bearer", key) },
            };
            patch.Content.Headers.ContentType = new("application/trickle-ice-sdpfrag");
            statuses.Add((await balancer.SendAsync(patch)).StatusCode);
        }
        output.WriteLine($"PATCH answers: {string.Join(", ", statuses)}");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NoContent, s));

        // The viewer watches on the gateway that does not ingest: it proxies the packaging gateway's HLS.
        var other = gateways[1 - owner];
        await using var viewerContext = await PersonAsync(other);
        var viewer = await SignUpAsync(viewerContext, "v");
        await viewer.GotoAsync($"/watch.html?room={roomId}");
        await WaitForPlaybackAsync(viewer.Locator("#player"), 2, TimeSpan.FromSeconds(90));

        // End live: the DELETE of the session URL (through nginx, to either gateway) ends the session on its owner.
        await studio.GetByRole(AriaRole.Button, new() { Name = "End live" }).ClickAsync();
        await Expect(studio.Locator("#status")).ToHaveTextAsync("Live ended. Thanks for streaming!", new() { Timeout = 30_000 });
        await EventuallyAsync(async () => await IngestSessionsAsync(gateways[owner]) == 0);
        await Expect(viewer.Locator("#ended")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    private static async Task<double> IngestSessionsAsync(Uri gateway)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(10) };
        return PrometheusText.Value(await http.GetStringAsync("/metrics"), "stagecast_ingest_sessions");
    }

    private async Task<IBrowserContext> PersonAsync(Uri baseAddress)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString().TrimEnd('/'),
            Permissions = ["camera", "microphone"],
        });
        context.SetDefaultTimeout(30_000);
        return context;
    }

    private static async Task<IPage> SignUpAsync(IBrowserContext context, string prefix)
    {
        var page = await context.NewPageAsync();
        var username = prefix + Guid.NewGuid().ToString("N")[..10];
        await page.GotoAsync("/login.html");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Sign up" }).ClickAsync();
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync("balanced studio password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.Locator("header.site #me")).ToHaveTextAsync(username);
        return page;
    }

    /// <summary>Waits until the video's currentTime advanced <paramref name="seconds"/> with a picture (frames really play).</summary>
    private static async Task WaitForPlaybackAsync(ILocator video, double seconds, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var first = await video.EvaluateAsync<double>("v => v.currentTime");
        double now = first;
        while (DateTime.UtcNow < deadline)
        {
            now = await video.EvaluateAsync<double>("v => v.currentTime");
            if (now - first >= seconds && await video.EvaluateAsync<int>("v => v.videoWidth") > 0)
            {
                return;
            }
            first = Math.Min(first, now);
            await Task.Delay(250);
        }
        Assert.Fail($"The video did not play {seconds} s within {timeout}: currentTime went from {first} to {now}.");
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        _processes.Dispose();
        foreach (var o in _others)
        {
            o.Dispose();
        }
    }
}
