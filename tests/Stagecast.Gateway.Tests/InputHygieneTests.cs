using System.Net;
using System.Net.Http.Json;

namespace Stagecast.Gateway.Tests;

/// <summary>Issue 14, input hygiene: names, bios and titles refuse control characters, bidi controls and invisible-only text.</summary>
public sealed class InputHygieneTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string> Refused => new()
    {
        "evil\u202Egnp.exe",      // right-to-left override
        "name\u2066isolated\u2069", // isolates
        "bell\u0007",
        "\u200B\u200B\u200B",       // zero-width spaces only
        "\u3164",                   // Hangul filler: a "letter" that renders as nothing
        "\u2800\u200D",             // braille blank and a joiner
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Display_names_bios_and_titles_refuse_it(string text)
    {
        using var anonymous = fixture.Host.CreateClient();
        var register = await anonymous.PostAsJsonAsync("/api/auth/register",
            new { username = "h" + Guid.NewGuid().ToString("N")[..12], password = "correct horse battery", displayName = text });
        await ProblemAssert.IsProblem(register, HttpStatusCode.BadRequest, "invalid_display_name");

        var (_, token) = await fixture.Host.RegisterAsync();
        using var client = fixture.Host.CreateClient(token);
        await ProblemAssert.IsProblem(await client.PatchAsJsonAsync("/api/me", new { displayName = text }), HttpStatusCode.BadRequest, "invalid_display_name");
        await ProblemAssert.IsProblem(await client.PatchAsJsonAsync("/api/me", new { bio = text }), HttpStatusCode.BadRequest, "invalid_bio");
        await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/live", new { title = text }), HttpStatusCode.BadRequest, "invalid_title");
    }

    [Fact]
    public async Task Ordinary_text_in_any_script_is_accepted()
    {
        var (_, token) = await fixture.Host.RegisterAsync();
        using var client = fixture.Host.CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync("/api/me", new { displayName = "Zoë 李 עברית 👩‍🎤", bio = "line one\nline two" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/live", new { title = "مرحبا — live 🎶" })).StatusCode);
    }
}
