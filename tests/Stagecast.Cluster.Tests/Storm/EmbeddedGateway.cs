using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stagecast.TestInfrastructure;

namespace Stagecast.Cluster.Tests.Storm;

/// <summary>The embedded gateway (its silo and SQLite ledger in-process) run as a child process on a data directory.</summary>
public sealed class EmbeddedGateway : IDisposable
{
    public const string OperatorToken = "operator-secret-for-kill-tests";

    private EmbeddedGateway(PlatformProcess process, Uri baseAddress)
    {
        Process = process;
        BaseAddress = baseAddress;
    }

    public PlatformProcess Process { get; }

    public Uri BaseAddress { get; }

    /// <summary>Starts the built gateway on fresh loopback ports and waits until /health answers 200.</summary>
    public static async Task<EmbeddedGateway> StartAsync(string name, string dataDirectory)
    {
        var port = FreePort.Tcp();
        var process = PlatformProcess.Start(name, PlatformProcess.DllPath("gateway", "Stagecast.Gateway"), new Dictionary<string, string>
        {
            ["Stagecast__Mode"] = "Embedded",
            ["Stagecast__DataDirectory"] = dataDirectory,
            ["Stagecast__SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast__GatewayPort"] = FreePort.Tcp().ToString(),
            ["Stagecast__Rtmp__Port"] = "0",
            ["Stagecast__Auth__AttemptsPerMinute"] = "100000",
            ["Stagecast__Economy__OperatorToken"] = OperatorToken,
            ["Stagecast__Economy__HoldWindow"] = "7.00:00:00",
            ["Urls"] = $"http://127.0.0.1:{port}",
        });
        var gateway = new EmbeddedGateway(process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await gateway.WaitHealthyAsync(TimeSpan.FromSeconds(180));
            return gateway;
        }
        catch
        {
            gateway.Dispose();
            throw;
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"{Process.Name} exited with {Process.ExitCode}:\n{Process.Output}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Process.Name} was not healthy within {timeout}:\n{Process.Output}");
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

    public void Dispose() => Process.Dispose();
}
