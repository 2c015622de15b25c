using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

/// <summary>Issue 14, revocable sessions: session version on every request and hub connection, rotating refresh tokens.</summary>
public sealed class SessionRevocationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Password = "correct horse battery";

    private sealed record Auth(string UserId, string Token, string RefreshToken);

    private async Task<Auth> RegisterAsync()
    {
        using var client = fixture.Host.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { username = "s" + Guid.NewGuid().ToString("N")[..12], password = Password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var auth = (await response.Content.ReadFromJsonAsync<Auth>())!;
        Assert.False(string.IsNullOrEmpty(auth.RefreshToken));
        return auth;
    }

    private async Task<HttpStatusCode> MeAsync(string token)
    {
        using var client = fixture.Host.CreateClient(token);
        return (await client.GetAsync("/api/me")).StatusCode;
    }

    private async Task<HttpResponseMessage> RefreshAsync(string refreshToken)
    {
        using var client = fixture.Host.CreateClient();
        return await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
    }

    private async Task<HubConnection> HubAsync(string token)
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(fixture.Host.BaseAddress, "/hubs/live"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        }).Build();
        await hub.StartAsync();
        return hub;
    }

    [Fact]
    public async Task After_a_password_change_the_old_token_is_refused_and_its_hub_connection_closed()
    {
        var auth = await RegisterAsync();
        await using var hub = await HubAsync(auth.Token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        Assert.Equal(HttpStatusCode.OK, await MeAsync(auth.Token));

        using var client = fixture.Host.CreateClient(auth.Token);
        var wrong = await client.PostAsJsonAsync("/api/me/password", new { currentPassword = "not it at all", newPassword = "a brand new secret" });
        await ProblemAssert.IsProblem(wrong, HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(HttpStatusCode.OK, await MeAsync(auth.Token)); // a wrong attempt revokes nothing

        var changed = await client.PostAsJsonAsync("/api/me/password", new { currentPassword = Password, newPassword = "a brand new secret" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(auth.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(auth.RefreshToken)).StatusCode);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
        // A new hub connection with the revoked token is at most anonymous: it cannot act as the user.
        await using (var again = await HubAsync(auth.Token))
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => again.InvokeAsync("SendComment", "someroom", "still me?"));
            Assert.Contains("auth_required", refused.Message);
        }

        // The new password works and gives a token that is accepted.
        using var anonymous = fixture.Host.CreateClient();
        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = (await MeProfile(auth)).Username, password = "a brand new secret" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await MeAsync((await login.Content.ReadFromJsonAsync<Auth>())!.Token));
    }

    private sealed record Profile(string Username);

    private async Task<Profile> MeProfile(Auth auth)
    {
        // The old token is revoked by now: read the name through a fresh sign-in-free path, the public profile.
        using var client = fixture.Host.CreateClient();
        return (await client.GetFromJsonAsync<Profile>($"/api/users/{auth.UserId}"))!;
    }

    [Fact]
    public async Task Refresh_rotates_and_a_reused_refresh_token_revokes_its_family()
    {
        var auth = await RegisterAsync();
        var first = await RefreshAsync(auth.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var rotated = (await first.Content.ReadFromJsonAsync<Auth>())!;
        Assert.NotEqual(auth.RefreshToken, rotated.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(rotated.Token));

        // The old refresh token comes back (stolen and replayed): refused, and the family is revoked with it.
        var replay = await RefreshAsync(auth.RefreshToken);
        await ProblemAssert.IsProblem(replay, HttpStatusCode.Unauthorized, "invalid_refresh_token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(rotated.RefreshToken)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync("garbage")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync($"{auth.UserId}.nofamily.nosecret")).StatusCode);
    }

    [Fact]
    public async Task Logout_everywhere_refuses_every_token_of_the_user_and_only_theirs()
    {
        var auth = await RegisterAsync();
        var other = await RegisterAsync();
        using var client = fixture.Host.CreateClient(auth.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/logout-all", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(auth.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(auth.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(other.Token));
    }
}
