using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Stagecast.Cluster.Tests.Storm;

/// <summary>The calls a storm test makes on a gateway over HTTP, as its users and its operator would.</summary>
public sealed class GatewayApi(Uri baseAddress)
{
    public const string OperatorToken = "operator-secret-for-kill-tests";

    public Uri BaseAddress { get; } = baseAddress;

    /// <summary>Polls GET /health until it answers 200 with at least <paramref name="activeSilos"/> silos.</summary>
    public async Task WaitHealthyAsync(PlatformProcess process, TimeSpan timeout, int activeSilos = 1)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited with {process.ExitCode}:\n{process.Output}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health"));
                if (response.StatusCode == HttpStatusCode.OK
                    && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeSilos").GetInt32() >= activeSilos)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{process.Name} was not healthy within {timeout}:\n{process.Output}");
            }
            await Task.Delay(200);
        }
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }
        return client;
    }

    public async Task<(string UserId, string Token)> RegisterAsync()
    {
        using var client = Client();
        using var response = await client.PostAsJsonAsync("/api/auth/register", new { username = "k" + Guid.NewGuid().ToString("N")[..12], password = "correct horse battery" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("userId").GetString()!, body.GetProperty("token").GetString()!);
    }

    /// <summary>Opens and starts a room hosted by the user of <paramref name="hostToken"/>; returns its id.</summary>
    public async Task<string> OpenLiveRoomAsync(string hostToken)
    {
        using var client = Client(hostToken);
        using var created = await client.PostAsJsonAsync("/api/live", new { title = "kill -9 storm" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var roomId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roomId").GetString()!;
        (await client.PostAsync($"/api/live/{roomId}/start", null)).EnsureSuccessStatusCode();
        return roomId;
    }

    public async Task<JsonElement> WalletAsync(string token)
    {
        using var client = Client(token);
        return await client.GetFromJsonAsync<JsonElement>("/api/wallet");
    }

    /// <summary>The operator's ledger check (every invariant of LedgerVerifier) over HTTP.</summary>
    public async Task<(HttpStatusCode Status, string Body)> VerifyLedgerAsync()
    {
        using var client = Client();
        client.DefaultRequestHeaders.Add("X-Operator-Token", OperatorToken);
        using var response = await client.GetAsync("/api/admin/ledger/verify");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
