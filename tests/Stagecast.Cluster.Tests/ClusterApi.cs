using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Stagecast.TestInfrastructure;

namespace Stagecast.Cluster.Tests;

/// <summary>What the process-based cluster tests do as users: settings for a fresh cluster, sign-up, a sandbox purchase, polling.</summary>
public static class ClusterApi
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(120);

    /// <summary>Cluster mode on the test Redis and a fresh PostgreSQL database, one signing key for every gateway.</summary>
    public static async Task<Dictionary<string, string>> ClusterSettingsAsync(string name) => new()
    {
        ["Stagecast__Mode"] = "Cluster",
        ["Stagecast__ClusterId"] = name + "-" + Guid.NewGuid().ToString("N")[..8],
        ["Stagecast__ServiceId"] = "stagecast-" + name + "-test",
        ["Stagecast__RedisConnectionString"] = TestServices.Redis,
        ["Stagecast__StorageProvider"] = "Postgres",
        ["Stagecast__StorageConnectionString"] = await TestServices.CreatePostgresDatabaseAsync(name),
        ["Stagecast__AdvertisedAddress"] = "127.0.0.1",
        ["Stagecast__Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Stagecast__Auth__AttemptsPerMinute"] = "100000",
    };

    /// <summary>Silo settings: <paramref name="cluster"/> with free silo and gateway ports.</summary>
    public static Dictionary<string, string> SiloSettings(Dictionary<string, string> cluster, Dictionary<string, string>? extra = null) =>
        With(cluster, With(new() { ["Stagecast__SiloPort"] = FreePort.Tcp().ToString(), ["Stagecast__GatewayPort"] = FreePort.Tcp().ToString() }, extra ?? []));

    public static Dictionary<string, string> With(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Concat(b).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    public static async Task<(string UserId, string Token)> RegisterAsync(HttpClient http, string prefix)
    {
        var name = $"{prefix}{Guid.NewGuid():N}"[..20];
        var body = await (await http.PostAsJsonAsync("/api/auth/register", new { username = name, password = "cluster-password" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("userId").GetString()!, body.GetProperty("token").GetString()!);
    }

    /// <summary>A sandbox purchase confirmed on its checkout page: 700 coins.</summary>
    public static async Task FundAsync(Uri baseAddress, string token)
    {
        using var api = Authorized(baseAddress, token);
        var purchase = await (await api.PostAsJsonAsync("/api/wallet/purchases", new { packId = "coins-700" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        var checkout = new Uri(purchase.GetProperty("checkoutUrl").GetString()!, UriKind.RelativeOrAbsolute);
        var path = checkout.IsAbsoluteUri ? checkout.AbsolutePath : checkout.OriginalString.Split('?')[0];
        var query = checkout.IsAbsoluteUri ? checkout.Query : "?" + checkout.OriginalString.Split('?')[1];
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync(path + "/confirm" + query, null)).StatusCode);
        await EventuallyAsync(async () => (await api.GetFromJsonAsync<JsonElement>("/api/wallet")).GetProperty("coins").GetInt64() == 700);
    }

    public static HttpClient Authorized(Uri baseAddress, string token)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Polls until <paramref name="condition"/> holds, for <see cref="Guard"/>; transient HTTP failures count as "not yet".</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, Func<string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < Guard)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
            {
                last = e;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"Condition not met within {Guard.TotalSeconds:0} s. Last error: {last?.Message} {describe?.Invoke()}");
    }
}
