using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;

namespace Stagecast.Gateway.Tests;

/// <summary>Issue 14: email verification and password reset over real SMTP (MailKit to npm smtp-server on loopback).</summary>
public sealed partial class AccountMailTests(MailFixture fixture) : IClassFixture<MailFixture>
{
    private const string Password = "correct horse battery";

    [GeneratedRegex(@"token=([A-Za-z0-9]+\.[A-Za-z0-9_-]+)")]
    private static partial Regex TokenPattern();

    private static (string Body, string Token) Read(string raw)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(raw));
        var body = MimeMessage.Load(stream).TextBody ?? "";
        return (body, TokenPattern().Match(body).Groups[1].Value);
    }

    private async Task<(string UserId, string Token, string Username, string Email)> UserWithVerifiedEmailAsync()
    {
        var username = "m" + Guid.NewGuid().ToString("N")[..12];
        var email = $"{username}@mail.example";
        var (userId, token) = await fixture.Host.RegisterAsync(username, Password);
        using var client = fixture.Host.CreateClient(token);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PutAsJsonAsync("/api/me/email", new { email })).StatusCode);
        var (body, verify) = Read(await fixture.Smtp.WaitForMailAsync(email));
        Assert.Contains("https://stagecast.example/verify-email.html?token=", body);
        Assert.False((await client.GetFromJsonAsync<JsonElement>("/api/me/email")).GetProperty("verified").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/verify-email", new { token = verify })).StatusCode);
        Assert.True((await client.GetFromJsonAsync<JsonElement>("/api/me/email")).GetProperty("verified").GetBoolean());
        // Single use.
        await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/auth/verify-email", new { token = verify }), HttpStatusCode.BadRequest, "invalid_token");
        return (userId, token, username, email);
    }

    [Fact]
    public async Task A_password_reset_by_mail_is_single_use_and_revokes_every_session()
    {
        var (_, oldToken, username, email) = await UserWithVerifiedEmailAsync();
        using var anonymous = fixture.Host.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/auth/password-reset", new { username })).StatusCode);
        var (body, reset) = Read(await fixture.Smtp.WaitForMailAsync(email, skip: 1));
        Assert.Contains("https://stagecast.example/reset-password.html?token=", body);

        // A weak password is refused without using the token up; a forged one is refused.
        await ProblemAssert.IsProblem(await anonymous.PostAsJsonAsync("/api/auth/password-reset/confirm", new { token = reset, newPassword = "short" }),
            HttpStatusCode.BadRequest, "invalid_password");
        var common = await ProblemAssert.IsProblem(await anonymous.PostAsJsonAsync("/api/auth/password-reset/confirm", new { token = reset, newPassword = "trustno1" }),
            HttpStatusCode.BadRequest, "invalid_password");
        Assert.Contains("10,000 most common", common.GetProperty("detail").GetString());
        await ProblemAssert.IsProblem(await anonymous.PostAsJsonAsync("/api/auth/password-reset/confirm", new { token = reset[..^2] + "xx", newPassword = "a new long password" }),
            HttpStatusCode.BadRequest, "invalid_token");
        Assert.Equal(HttpStatusCode.NoContent,
            (await anonymous.PostAsJsonAsync("/api/auth/password-reset/confirm", new { token = reset, newPassword = "a new long password" })).StatusCode);
        await ProblemAssert.IsProblem(await anonymous.PostAsJsonAsync("/api/auth/password-reset/confirm", new { token = reset, newPassword = "yet another password" }),
            HttpStatusCode.BadRequest, "invalid_token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Host.CreateClient(oldToken).GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/login", new { username, password = Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/login", new { username, password = "a new long password" })).StatusCode);
    }

    [Fact]
    public async Task A_reset_for_an_unknown_or_unverified_account_is_accepted_but_mails_nothing()
    {
        var username = "n" + Guid.NewGuid().ToString("N")[..12];
        var email = $"{username}@mail.example";
        var (_, token) = await fixture.Host.RegisterAsync(username, Password);
        using var client = fixture.Host.CreateClient(token);
        await ProblemAssert.IsProblem(await client.PutAsJsonAsync("/api/me/email", new { email = "not an address" }), HttpStatusCode.BadRequest, "invalid_email");
        // A bad address is not kept: the account still has none (204, which the account page reads as "No email address yet").
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync("/api/me/email")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PutAsJsonAsync("/api/me/email", new { email })).StatusCode);
        await fixture.Smtp.WaitForMailAsync(email); // the verification mail

        using var anonymous = fixture.Host.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/auth/password-reset", new { username })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/auth/password-reset", new { username = "nosuch" + username })).StatusCode);
        // A verified user's reset afterwards arrives; had the unverified one been mailed, it would have arrived before it.
        var (_, _, _, other) = await UserWithVerifiedEmailAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/auth/password-reset",
            new { username = other.Split('@')[0] })).StatusCode);
        await fixture.Smtp.WaitForMailAsync(other, skip: 1);
        Assert.Equal(1, fixture.Smtp.CountTo(email));
        await ProblemAssert.IsProblem(await anonymous.PostAsJsonAsync("/api/auth/verify-email", new { token = "garbage" }), HttpStatusCode.BadRequest, "invalid_token");
    }
}
