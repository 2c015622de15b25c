using System.Net;
using System.Net.Http.Json;
using Stagecast.Gateway.Accounts;
using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

/// <summary>Issue 14: the 10,000 most common passwords are refused at sign-up and password change (reset: AccountMailTests).</summary>
public sealed class CommonPasswordTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public void The_shipped_list_holds_the_10000_most_common_passwords()
    {
        Assert.Equal(10_000, CommonPasswords.Count);
        Assert.True(CommonPasswords.Contains("123456"));
        Assert.True(CommonPasswords.Contains("PASSWORD"));
        Assert.False(CommonPasswords.Contains("correct horse battery"));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("Sunshine")]
    [InlineData("iloveyou1")]
    [InlineData("QWERTYUIOP")]
    public async Task Sign_up_with_a_common_password_is_a_clear_problem(string password)
    {
        using var client = Host.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { username = "cp" + Guid.NewGuid().ToString("N")[..10], password });
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_password");
        Assert.Contains("10,000 most common", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_password_change_to_a_common_password_is_refused_and_the_old_one_still_works()
    {
        var username = "cp" + Guid.NewGuid().ToString("N")[..10];
        var (_, token) = await Host.RegisterAsync(username, "a perfectly fine passphrase");
        using var client = Host.CreateClient(token);
        var problem = await ProblemAssert.IsProblem(
            await client.PostAsJsonAsync("/api/me/password", new { currentPassword = "a perfectly fine passphrase", newPassword = "baseball1" }),
            HttpStatusCode.BadRequest, "invalid_password");
        Assert.Contains("10,000 most common", problem.GetProperty("detail").GetString());
        // Nothing changed: the session is alive and the old password signs in.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        using var anonymous = Host.CreateClient();
        Assert.Equal(HttpStatusCode.OK,
            (await anonymous.PostAsJsonAsync("/api/auth/login", new { username, password = "a perfectly fine passphrase" })).StatusCode);
    }
}
