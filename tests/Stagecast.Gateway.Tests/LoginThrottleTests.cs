using System.Net;
using System.Net.Http.Json;
using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

/// <summary>Issue 14, login throttling: per-account backoff with Retry-After, and per-address limits behind a trusted proxy.</summary>
public sealed class LoginThrottleTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Wrong_passwords_lock_the_username_with_Retry_After_and_only_that_username()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Auth:FreeLoginFailures"] = "3",
            ["Stagecast:Auth:LoginBackoff"] = "00:01:00",
        });
        var username = "lk" + Guid.NewGuid().ToString("N")[..10];
        var other = "ok" + Guid.NewGuid().ToString("N")[..10];
        await host.RegisterAsync(username, Password);
        await host.RegisterAsync(other, Password);
        using var client = host.CreateClient();
        Task<HttpResponseMessage> Login(string name, string password) => client.PostAsJsonAsync("/api/auth/login", new { username = name, password });

        // A success clears the tally: two wrong, right, two wrong, right again is never locked (four failures would be).
        for (var round = 0; round < 2; round++)
        {
            await ProblemAssert.IsProblem(await Login(username, "wrong password a"), HttpStatusCode.Unauthorized, "invalid_credentials");
            await ProblemAssert.IsProblem(await Login(username, "wrong password b"), HttpStatusCode.Unauthorized, "invalid_credentials");
            Assert.Equal(HttpStatusCode.OK, (await Login(username, Password)).StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            await ProblemAssert.IsProblem(await Login(username, "wrong password " + i), HttpStatusCode.Unauthorized, "invalid_credentials");
        }
        // Locked now: even the right password is refused, with how long to wait; the username's case does not matter.
        var locked = await Login(username.ToUpperInvariant(), Password);
        var problem = await ProblemAssert.IsProblem(locked, HttpStatusCode.TooManyRequests, "login_locked");
        Assert.InRange(locked.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.InRange(problem.GetProperty("retryAfterSeconds").GetInt32(), 1, 60);
        // Other accounts on the same address are not held back.
        Assert.Equal(HttpStatusCode.OK, (await Login(other, Password)).StatusCode);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_login_bucket()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Auth:AttemptsPerMinute"] = "3",
            ["Stagecast:TrustedProxies"] = "127.0.0.1,::1",
        });
        async Task<HttpStatusCode> LoginFrom(string client, int i)
        {
            using var http = host.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
            {
                Content = JsonContent.Create(new { username = $"nobody{i}y", password = "whatever-it-is" }),
            };
            request.Headers.Add("X-Forwarded-For", client);
            return (await http.SendAsync(request)).StatusCode;
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginFrom("203.0.113.7", i));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginFrom("203.0.113.7", 3));
        // Another client behind the same proxy is not held back.
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginFrom("203.0.113.8", 4));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginFrom($"2001:db8:1:2::{i + 1}", 10 + i));
        }
        // The same /64 is one subscriber: a fourth address inside it shares the bucket.
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginFrom("2001:db8:1:2::99", 20));
    }
}
