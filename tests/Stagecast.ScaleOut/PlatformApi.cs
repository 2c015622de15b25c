using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Stagecast.ScaleOut;

/// <summary>What the load needs from a gateway over HTTP, as a user would do it (sandbox payments).</summary>
public sealed class PlatformApi(Uri baseAddress)
{
    public const string Password = "scale-out password";

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 512 })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public Uri BaseAddress => baseAddress;

    public async Task<(string Username, string Token)> RegisterAsync()
    {
        var username = "so" + Guid.NewGuid().ToString("N")[..14];
        using var response = await _http.PostAsJsonAsync("/api/auth/register", new { username, password = Password });
        response.EnsureSuccessStatusCode();
        return (username, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!);
    }

    /// <summary>One login; true when it answered 200.</summary>
    public async Task<bool> LoginAsync(string username)
    {
        using var response = await _http.PostAsJsonAsync("/api/auth/login", new { username, password = Password });
        return response.StatusCode == HttpStatusCode.OK;
    }

    public async Task<string> OpenRoomAsync(string token)
    {
        using var created = await SendAsync(HttpMethod.Post, "/api/live", token, JsonContent.Create(new { title = "scale-out" }));
        var roomId = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roomId").GetString()!;
        (await SendAsync(HttpMethod.Post, $"/api/live/{roomId}/start", token)).EnsureSuccessStatusCode().Dispose();
        return roomId;
    }

    /// <summary>Buys a pack in the sandbox and confirms it on its checkout page; waits until the coins are there.</summary>
    public async Task<long> FundAsync(string token, string packId)
    {
        using var purchase = await SendAsync(HttpMethod.Post, "/api/wallet/purchases", token, JsonContent.Create(new { packId }));
        var checkout = new Uri((await purchase.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkoutUrl").GetString()!, UriKind.RelativeOrAbsolute);
        // The checkout page's query carries the purchase's confirmation token (?t=...): keep it for the confirm.
        var link = checkout.IsAbsoluteUri ? checkout.PathAndQuery : checkout.OriginalString;
        var query = link.IndexOf('?') is var q and >= 0 ? link[q..] : "";
        using var confirmed = await _http.PostAsync(link[..(link.Length - query.Length)] + "/confirm" + query, null);
        if ((int)confirmed.StatusCode >= 400)
        {
            throw new HttpRequestException($"sandbox confirm gave {(int)confirmed.StatusCode}");
        }
        for (var i = 0; i < 300; i++)
        {
            var coins = await CoinsAsync(token);
            if (coins > 0)
            {
                return coins;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the purchase never credited the wallet");
    }

    public async Task<long> CoinsAsync(string token)
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/wallet", token);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("coins").GetInt64();
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new("Bearer", token);
        return _http.SendAsync(request);
    }
}
