using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

public sealed class RestartTests
{
    [Fact]
    public async Task After_a_restart_on_the_same_data_accounts_and_tokens_still_work()
    {
        using var data = new TempDirectory("stagecast-restart");
        string userId, token;
        var name = "r" + Guid.NewGuid().ToString("N")[..10];
        await using (var first = await GatewayHost.StartEmbeddedAsync(data.Path))
        {
            (userId, token) = await first.RegisterAsync(name, "persist-me-please");
            using var c = first.CreateClient(token);
            (await c.PatchAsJsonAsync("/api/me", new { bio = "still here" })).EnsureSuccessStatusCode();
        }

        await using var second = await GatewayHost.StartEmbeddedAsync(data.Path);
        using var withOldToken = second.CreateClient(token);
        var me = await withOldToken.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(userId, me.GetProperty("userId").GetString());
        Assert.Equal("still here", me.GetProperty("bio").GetString());

        using var anonymous = second.CreateClient();
        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = name, password = "persist-me-please" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var taken = await anonymous.PostAsJsonAsync("/api/auth/register", new { username = name, password = "another-password" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
    }

    [Fact]
    public async Task The_failed_login_tally_of_a_username_survives_a_restart()
    {
        using var data = new TempDirectory("stagecast-restart-throttle");
        var settings = new Dictionary<string, string?> { ["Stagecast:Auth:LoginBackoff"] = "00:10:00" };
        var name = "t" + Guid.NewGuid().ToString("N")[..10];
        await using (var first = await GatewayHost.StartEmbeddedAsync(data.Path, settings))
        {
            await first.RegisterAsync(name, "the right passphrase");
            using var client = first.CreateClient();
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized,
                    (await client.PostAsJsonAsync("/api/auth/login", new { username = name, password = $"wrong guess {i}" })).StatusCode);
            }
            Assert.Equal(HttpStatusCode.TooManyRequests,
                (await client.PostAsJsonAsync("/api/auth/login", new { username = name, password = "the right passphrase" })).StatusCode);
        }

        // A restart used to forget the tally and hand out five fresh guesses; the lock holds, the right password too.
        await using var second = await GatewayHost.StartEmbeddedAsync(data.Path, settings);
        using var again = second.CreateClient();
        var locked = await again.PostAsJsonAsync("/api/auth/login", new { username = name, password = "the right passphrase" });
        await ProblemAssert.IsProblem(locked, HttpStatusCode.TooManyRequests, "login_locked");
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(5));
    }
}
