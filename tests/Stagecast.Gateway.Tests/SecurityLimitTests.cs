using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

/// <summary>Protections that every other fixture turns down or never meets: the shipped login limit, and Production's refusal of the sandbox.</summary>
public sealed class SecurityLimitTests
{
    /// <summary>The shipped limit (appsettings.json and the code's default): 30 attempts a minute per address.</summary>
    private const int ShippedAttemptsPerMinute = 30;

    [Fact]
    public async Task Login_attempts_beyond_the_shipped_limit_are_refused_with_429_even_with_the_right_password()
    {
        // Null removes the raised limit GatewayHost gives every other test, so the gateway's own setting applies.
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Auth:AttemptsPerMinute"] = null,
        });
        using var client = host.CreateClient();
        var username = "rl" + Guid.NewGuid().ToString("N")[..10];
        var registered = await client.PostAsJsonAsync("/api/auth/register", new { username, password = "the-right-password" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        // Each wrong attempt names another (unknown) user, so the per-account backoff never starts: only the address limit counts.
        for (var i = 1; i <= ShippedAttemptsPerMinute; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/auth/login", new { username = $"nobody{i}x", password = $"wrong-{i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/api/auth/login", new { username, password = "the-right-password" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // Sign-up has its own bucket: a full login bucket does not stop it.
        var again = await client.PostAsJsonAsync("/api/auth/register", new { username = username + "x", password = "another-password" });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);

        // Other routes are not limited by the login limit.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task The_gateway_refuses_to_start_in_Production_without_Stripe_keys()
    {
        // A real gateway process, as an operator starts it: Production environment, no Stripe settings.
        var dll = Path.Combine(TestServices.RepositoryRoot, "gateway", "bin",
            new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "Stagecast.Gateway.dll");
        Assert.True(File.Exists(dll), $"build the gateway first: {dll}");
        using var data = new TempDirectory("stagecast-prod");
        var port = FreePort.Tcp();
        var info = new ProcessStartInfo("dotnet",
        [
            dll, "--urls", $"http://127.0.0.1:{port}", $"--Stagecast:DataDirectory={data.Path}",
            $"--Stagecast:SiloPort={FreePort.Tcp()}", $"--Stagecast:GatewayPort={FreePort.Tcp()}",
        ])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var key in info.Environment.Keys.Where(k => k.Contains("Stripe", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the gateway kept running in Production without Stripe keys");
        }
        var text = await output + await error;
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("Stripe", text, StringComparison.Ordinal);
        Assert.Contains("Production", text, StringComparison.Ordinal);
    }
}
