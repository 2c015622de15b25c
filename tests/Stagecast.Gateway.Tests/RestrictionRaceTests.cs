using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Moderation;
using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

/// <summary>
/// The two ways a restricted account meets a request it started before the restriction, over real HTTP; a
/// <see cref="CallGate"/> holds the request at the racing point while an operator suspends the account.
/// A suspended account's tokens are refused (401) at every request, so <c>403 account_restricted</c> from the cash-out
/// endpoint is reached only by a cash-out already past the session check when the suspension lands.
/// </summary>
public sealed class RestrictionRaceTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_cash_out_in_flight_when_the_suspension_lands_gets_403_account_restricted_as_problem_details()
    {
        var (host, gate, ops) = await StartAsync();
        await using var _ = host;
        var (creatorId, creatorToken) = await host.RegisterAsync();
        using var creator = host.CreateClient(creatorToken);

        // The cash-out request passes the session check, then waits there while the operator suspends the creator.
        gate.Arm(typeof(IUserGrain).GetMethod(nameof(IUserGrain.GetSessionVersion))!, creatorId);
        var cashout = creator.PostAsJsonAsync("/api/wallet/cashouts", new { diamonds = 500 });
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await ops.PostAsJsonAsync($"/api/operator/users/{creatorId}/suspension", new { reason = "fraud check", hours = 24 })).StatusCode);
        gate.Release();

        var refused = await ProblemAssert.IsProblem(await cashout, HttpStatusCode.Forbidden, "account_restricted");
        Assert.Contains("suspended or banned", refused.GetProperty("detail").GetString());
        var body = refused.GetRawText();
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("Stagecast.", body);
        // Refused before anything was stored, and the next request is refused at the door.
        Assert.Empty(await host.Services.GetRequiredService<IGrainFactory>().GetGrain<Contracts.Wallet.IWalletGrain>(creatorId).GetCashouts(10));
        Assert.Equal(HttpStatusCode.Unauthorized, (await creator.PostAsJsonAsync("/api/wallet/cashouts", new { diamonds = 500 })).StatusCode);
    }

    [Fact]
    public async Task A_login_racing_a_suspension_gets_no_working_session()
    {
        var (host, gate, ops) = await StartAsync();
        await using var _ = host;
        var username = "racer" + Guid.NewGuid().ToString("N")[..10];
        var (userId, _) = await host.RegisterAsync(username, Password);
        using var anonymous = host.CreateClient();

        // The login has read the standing (active) when the suspension lands, before it starts the session.
        gate.Arm(typeof(IAccountStandingGrain).GetMethod(nameof(IAccountStandingGrain.Get))!, userId);
        var login = anonymous.PostAsJsonAsync("/api/auth/login", new { username, password = Password });
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await ops.PostAsJsonAsync($"/api/operator/users/{userId}/suspension", new { reason = "spam", hours = 24 })).StatusCode);
        gate.Release();

        var answer = await login;
        if (answer.StatusCode == HttpStatusCode.OK)
        {
            // Whatever the login answered, the session it made must not outlive the suspension.
            var token = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient(token).GetAsync("/api/me")).StatusCode);
        }
        else
        {
            await ProblemAssert.IsProblem(answer, HttpStatusCode.Forbidden, "account_suspended");
        }
    }

    private static async Task<(GatewayHost Host, CallGate Gate, HttpClient Ops)> StartAsync()
    {
        var gate = new CallGate();
        var operatorName = "ops" + Guid.NewGuid().ToString("N")[..10];
        var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Moderation:Operators"] = operatorName,
        }, configure: b => b.Services.AddSingleton<IOutgoingGrainCallFilter>(gate));
        var ops = host.CreateClient((await host.RegisterAsync(operatorName, Password)).Token);
        return (host, gate, ops);
    }
}
