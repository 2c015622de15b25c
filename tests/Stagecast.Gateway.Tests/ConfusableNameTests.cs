using System.Net;
using System.Net.Http.Json;
using Stagecast.Gateway.Accounts;
using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

/// <summary>Issue 14: no username or display name may pass for another user's by case or confusable characters (UTS #39).</summary>
public sealed class ConfusableNameTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    /// <summary>A random run of letters that the confusables table leaves alone, so runs of the tests do not collide.</summary>
    private static string Tag() => new(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Select(c => (char)('p' + (c - 'a'))).Take(6).ToArray());

    private async Task<HttpResponseMessage> RegisterAsync(string username, string? displayName = null)
    {
        using var client = Host.CreateClient();
        return await client.PostAsJsonAsync("/api/auth/register", new { username, password = "correct horse battery", displayName });
    }

    [Theory]
    [InlineData("paypal", "pаypаl")] // Cyrillic а
    [InlineData("paypal", "PAYPAL")]
    [InlineData("paypal", "paypa1")]
    [InlineData("paypal", "paypaI")] // capital I
    [InlineData("lily", "LILY")]
    [InlineData("lily", "Iily")]
    [InlineData("modern", "rnodern")]
    [InlineData("scope", "ѕсоре")] // all Cyrillic
    [InlineData("Anna Lee", "Anna\u200B  Lee")] // zero-width space, double space
    [InlineData("vitalik", "𝐯𝐢𝐭𝐚𝐥𝐢𝐤")] // mathematical bold
    public void Look_alike_names_share_a_key(string name, string lookalike) =>
        Assert.True(Confusables.LookAlike(name, lookalike), $"{name} / {lookalike}: {string.Join(", ", Confusables.Keys(name))} / {string.Join(", ", Confusables.Keys(lookalike))}");

    [Theory]
    [InlineData("paypal", "paypals")]
    [InlineData("anna", "anne")]
    public void Different_names_keep_different_keys(string name, string other) =>
        Assert.False(Confusables.LookAlike(name, other));

    [Fact]
    public async Task Registration_refuses_names_that_look_like_another_users_username_or_display_name()
    {
        var tag = Tag();
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync($"lily{tag}", $"Star {tag}")).StatusCode);

        // The username by case, by I for l, and as somebody's display name; the display name in Cyrillic.
        await ProblemAssert.IsProblem(await RegisterAsync($"Iily{tag}"), HttpStatusCode.Conflict, LookalikeNames.Code);
        await ProblemAssert.IsProblem(await RegisterAsync($"x{tag}", $"LILY{tag}"), HttpStatusCode.Conflict, LookalikeNames.Code);
        var problem = await ProblemAssert.IsProblem(await RegisterAsync($"y{tag}", $"Ѕtаr {tag}"), HttpStatusCode.Conflict, LookalikeNames.Code);
        Assert.Contains("looks like another user's name", problem.GetProperty("detail").GetString());
        // The refused registrations left their own names free.
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync($"x{tag}", $"Someone {tag}")).StatusCode);
    }

    [Fact]
    public async Task A_display_name_change_cannot_take_another_users_look_and_frees_the_old_one()
    {
        var tag = Tag();
        var (_, victimToken) = await Host.RegisterAsync($"vic{tag}");
        var (_, token) = await Host.RegisterAsync($"imp{tag}");
        using var impostor = Host.CreateClient(token);
        await ProblemAssert.IsProblem(await impostor.PatchAsJsonAsync("/api/me", new { displayName = $"VIC{tag.ToUpperInvariant()}" }),
            HttpStatusCode.Conflict, LookalikeNames.Code);
        await ProblemAssert.IsProblem(await impostor.PatchAsJsonAsync("/api/me", new { displayName = $"vіc{tag}" }), // Cyrillic і
            HttpStatusCode.Conflict, LookalikeNames.Code);

        // Its own username in capitals is fine; a new name frees the one before for others.
        Assert.Equal(HttpStatusCode.OK, (await impostor.PatchAsJsonAsync("/api/me", new { displayName = $"IMP{tag.ToUpperInvariant()}" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await impostor.PatchAsJsonAsync("/api/me", new { displayName = $"Moon {tag}" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await impostor.PatchAsJsonAsync("/api/me", new { displayName = $"Sun {tag}" })).StatusCode);
        using var victim = Host.CreateClient(victimToken);
        Assert.Equal(HttpStatusCode.OK, (await victim.PatchAsJsonAsync("/api/me", new { displayName = $"Moon {tag}" })).StatusCode);
        await ProblemAssert.IsProblem(await victim.PatchAsJsonAsync("/api/me", new { displayName = $"SUN {tag}" }), HttpStatusCode.Conflict, LookalikeNames.Code);
    }
}
