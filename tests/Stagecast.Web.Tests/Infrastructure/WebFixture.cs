using Microsoft.Playwright;
using Stagecast.TestInfrastructure;

namespace Stagecast.Web.Tests.Infrastructure;

/// <summary>One platform process and one headless Chromium (Debian's, with the fake camera) for the whole collection.</summary>
public sealed class WebFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public PlatformProcess Platform { get; private set; } = null!;

    /// <summary>The real SMTP server (npm smtp-server) the platform mails through.</summary>
    public SmtpSink Smtp { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => Platform.BaseAddress.ToString().TrimEnd('/');

    public static string ScreenshotDirectory => Path.Combine(TestServices.RepositoryRoot, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        Platform = await PlatformProcess.StartAsync(Smtp.Port);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser profile (its own localStorage: one person) with camera and microphone allowed.</summary>
    public async Task<IBrowserContext> NewPersonAsync(ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 860 },
            Permissions = ["camera", "microphone", "clipboard-read", "clipboard-write"],
        });
        context.SetDefaultTimeout(20_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (Platform is not null)
        {
            await Platform.DisposeAsync();
        }
        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
