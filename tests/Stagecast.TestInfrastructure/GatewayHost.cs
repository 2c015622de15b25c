using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Accounts;
using Stagecast.Gateway.Hosting;
using Stagecast.Gateway.Rooms;
using Xunit;

namespace Stagecast.TestInfrastructure;

/// <summary>
/// A real gateway on Kestrel at 127.0.0.1 with a free port. Embedded by default (its own silo and
/// SQLite file in a temp directory); pass settings to make it a cluster gateway instead.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly TempDirectory? _ownedData;

    private GatewayHost(WebApplication app, Uri baseAddress, TempDirectory? ownedData, string dataDirectory)
    {
        App = app;
        BaseAddress = baseAddress;
        _ownedData = ownedData;
        DataDirectory = dataDirectory;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Starts an embedded gateway; <paramref name="dataDirectory"/> lets a test restart on the same data.</summary>
    public static async Task<GatewayHost> StartEmbeddedAsync(string? dataDirectory = null, IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var owned = dataDirectory is null ? new TempDirectory("stagecast-gw") : null;
        var data = dataDirectory ?? owned!.Path;
        var all = new Dictionary<string, string?>
        {
            ["Stagecast:Mode"] = "Embedded",
            ["Stagecast:DataDirectory"] = data,
            ["Stagecast:SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:GatewayPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:Auth:AttemptsPerMinute"] = "1000",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }
        return await StartAsync(all, owned, data, configure);
    }

    /// <summary>Starts a gateway with exactly these settings (cluster gateways, custom storage).</summary>
    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?> settings, TempDirectory? owned = null, string? data = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        // Tests buy coins in the sandbox unless they bring Stripe keys: it runs only when asked for explicitly.
        if (!settings.ContainsKey("Stagecast:Stripe:SecretKey") && !settings.ContainsKey("Stagecast:Payments:Sandbox"))
        {
            settings = new Dictionary<string, string?>(settings) { ["Stagecast:Payments:Sandbox"] = "true" };
        }
        // No test gateway listens on RTMP's 1935; a test that publishes over RTMP sets Stagecast:Rtmp:BindAnyPort.
        if (!settings.ContainsKey("Stagecast:Rtmp:Port"))
        {
            settings = new Dictionary<string, string?>(settings) { ["Stagecast:Rtmp:Port"] = "0" };
        }
        var app = GatewayApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayHost(app, new Uri(address), owned, data ?? settings["Stagecast:DataDirectory"] ?? "");
    }

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Registers a user and returns (userId, token).</summary>
    public async Task<(string UserId, string Token)> RegisterAsync(string? username = null, string password = "correct horse battery")
    {
        username ??= "u" + Guid.NewGuid().ToString("N")[..12];
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { username, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<AuthBody>();
        return (body!.UserId, body.Token);
    }

    /// <summary>
    /// Opens a room over the API (<c>POST /api/live</c>, asserted 201 Created) hosted by the user of
    /// <paramref name="hostToken"/>, or by a newly registered user when none is given, and starts it
    /// (<c>POST /api/live/{roomId}/start</c>) unless <paramref name="start"/> is false.
    /// </summary>
    public async Task<OpenedRoom> OpenRoomAsync(string title = "Test room", bool start = true, string? hostToken = null)
    {
        string hostId;
        if (hostToken is null)
        {
            (hostId, hostToken) = await RegisterAsync();
        }
        else
        {
            using var me = CreateClient(hostToken);
            hostId = (await me.GetFromJsonAsync<UserProfile>("/api/me"))!.UserId;
        }
        using var client = CreateClient(hostToken);
        var response = await client.PostAsJsonAsync("/api/live", new { title });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var room = (await response.Content.ReadFromJsonAsync<OpenRoomResponse>())!;
        if (start)
        {
            (await client.PostAsync($"/api/live/{room.RoomId}/start", null)).EnsureSuccessStatusCode();
        }
        return new OpenedRoom(hostId, hostToken, room.RoomId, room.StreamKey, room.WhipUrl, room.HlsUrl, room.RtmpUrl) { RtmpsUrl = room.RtmpsUrl };
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await App.StopAsync(cts.Token);
        }
        finally
        {
            await App.DisposeAsync();
            _ownedData?.Dispose();
        }
    }

    private sealed record AuthBody(string UserId, string Token);
}
