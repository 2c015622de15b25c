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
}
