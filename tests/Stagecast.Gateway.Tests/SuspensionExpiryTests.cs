using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

/// <summary>
/// A timed suspension ends by itself: once its time has passed (the clock is moved on, the check runs every second
/// here instead of every minute) the audit log shows <c>suspension_ended</c> by "system", the standing is active
/// again, and the user signs in and goes live without an operator lifting anything.
/// </summary>
public sealed class SuspensionExpiryTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_suspension_runs_out_by_itself_and_the_user_signs_in_and_goes_live_again()
    {
        var clock = new ShiftedClock();
        var operatorName = "ops" + Guid.NewGuid().ToString("N")[..10];
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Moderation:Operators"] = operatorName,
            ["Stagecast:Moderation:SuspensionCheck"] = "00:00:01",
        }, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var ops = host.CreateClient((await host.RegisterAsync(operatorName, Password)).Token);
        var username = "host" + Guid.NewGuid().ToString("N")[..10];
        var (hostId, hostToken) = await host.RegisterAsync(username, Password);
        var room = await host.OpenRoomAsync("live before the suspension", hostToken: hostToken);

        var suspended = await ops.PostAsJsonAsync($"/api/operator/users/{hostId}/suspension", new { reason = "cool off", hours = 1.0 / 60 });
        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        using var anonymous = host.CreateClient();
        Assert.Equal("ended", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/live/{room.RoomId}")).GetProperty("status").GetString());
        await ProblemAssert.IsProblem(await anonymous.PostAsJsonAsync("/api/auth/login", new { username, password = Password }),
            HttpStatusCode.Forbidden, "account_suspended");

        // The minute passes; nobody lifts anything.
        clock.Advance(TimeSpan.FromSeconds(61));
        var audit = await Poll.UntilAsync(() => ops.GetFromJsonAsync<JsonElement>("/api/operator/audit"),
            a => a.EnumerateArray().Any(e => e.GetProperty("action").GetString() == "suspension_ended" && e.GetProperty("targetId").GetString() == hostId),
            "suspension_ended in the audit log");
        var ended = audit.EnumerateArray().First(e => e.GetProperty("action").GetString() == "suspension_ended");
        Assert.Equal("system", ended.GetProperty("operatorId").GetString());
        Assert.Contains("cool off", ended.GetProperty("reason").GetString());
        Assert.DoesNotContain(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "restore");
        Assert.Equal("active", (await ops.GetFromJsonAsync<JsonElement>($"/api/operator/users/{hostId}/standing")).GetProperty("status").GetString());

        // The end is stored: the clock goes back, so that the tokens issued now are valid by JwtBearer's own clock.
        clock.Advance(TimeSpan.FromSeconds(-61));
        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { username, password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var again = await host.OpenRoomAsync("live after the suspension", hostToken: token);
        Assert.Equal("live", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/live/{again.RoomId}")).GetProperty("status").GetString());
        Assert.Contains((await anonymous.GetFromJsonAsync<JsonElement>("/api/live")).EnumerateArray(), r => r.GetProperty("roomId").GetString() == again.RoomId);
        // It ends once: the later checks add nothing.
        Assert.Single((await ops.GetFromJsonAsync<JsonElement>("/api/operator/audit")).EnumerateArray(), e => e.GetProperty("action").GetString() == "suspension_ended");
    }
}
