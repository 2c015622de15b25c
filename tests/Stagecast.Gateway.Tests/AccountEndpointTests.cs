using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Stagecast.Gateway.Tests;

public sealed class AccountEndpointTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static string NewName() => "u" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Register_returns_201_with_user_id_token_and_location()
    {
        using var client = fixture.Host.CreateClient();
        var name = NewName();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { username = name, password = "s3cret-pass", displayName = "  Ada  " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var userId = body.GetProperty("userId").GetString();
        Assert.False(string.IsNullOrEmpty(userId));
        Assert.Equal(3, body.GetProperty("token").GetString()!.Split('.').Length);
        Assert.Equal($"/api/users/{userId}", response.Headers.Location?.OriginalString);

        using var authed = fixture.Host.CreateClient(body.GetProperty("token").GetString());
        var me = await authed.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(userId, me.GetProperty("userId").GetString());
        Assert.Equal(name, me.GetProperty("username").GetString());
        Assert.Equal("Ada", me.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Duplicate_username_is_409_regardless_of_case()
    {
        using var client = fixture.Host.CreateClient();
        var name = NewName();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/auth/register", new { username = name, password = "password-1" })).StatusCode);

        var again = await client.PostAsJsonAsync("/api/auth/register", new { username = name.ToUpperInvariant(), password = "password-2" });
        await ProblemAssert.IsProblem(again, HttpStatusCode.Conflict, "username_taken");
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_name_create_exactly_one_account()
    {
        using var client = fixture.Host.CreateClient();
        var name = NewName();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            client.PostAsJsonAsync("/api/auth/register", new { username = name, password = "password-1" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Theory]
    [InlineData("ab", "password-1", "invalid_username")]
    [InlineData("this_name_is_far_too_long_for_us_x", "password-1", "invalid_username")]
    [InlineData("bad name", "password-1", "invalid_username")]
    [InlineData("emoji😀", "password-1", "invalid_username")]
    [InlineData("okname", "short", "invalid_password")]
    [InlineData(null, "password-1", "invalid_username")]
    [InlineData("okname2", null, "invalid_password")]
    public async Task Invalid_registrations_are_400_with_a_code(string? username, string? password, string code)
    {
        using var client = fixture.Host.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { username, password });
        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Blank_display_name_is_refused()
    {
        using var client = fixture.Host.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { username = NewName(), password = "password-1", displayName = "   " });
        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_display_name");
    }

    [Fact]
    public async Task Login_succeeds_with_the_right_password_and_is_401_otherwise()
    {
        var name = NewName();
        var (userId, _) = await fixture.Host.RegisterAsync(name, "right-password");
        using var client = fixture.Host.CreateClient();

        var ok = await client.PostAsJsonAsync("/api/auth/login", new { username = name, password = "right-password" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(userId, body.GetProperty("userId").GetString());

        var caseInsensitive = await client.PostAsJsonAsync("/api/auth/login", new { username = name.ToUpperInvariant(), password = "right-password" });
        Assert.Equal(HttpStatusCode.OK, caseInsensitive.StatusCode);

        await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/auth/login", new { username = name, password = "wrong-password" }), HttpStatusCode.Unauthorized, "invalid_credentials");
        await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/auth/login", new { username = NewName(), password = "right-password" }), HttpStatusCode.Unauthorized, "invalid_credentials");
        await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/auth/login", new { username = name }), HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Theory]
    [InlineData("{\"username\": \"abc\", ")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"username\": 12, \"password\": true}")]
    public async Task Malformed_json_is_400_problem_details(string json)
    {
        using var client = fixture.Host.CreateClient();
        var response = await client.PostAsync("/api/auth/register", new StringContent(json, Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task Wrong_content_type_is_415_problem_details()
    {
        using var client = fixture.Host.CreateClient();
        var response = await client.PostAsync("/api/auth/register", new StringContent("username=a", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task Me_without_a_token_or_with_a_forged_one_is_401()
    {
        using var anonymous = fixture.Host.CreateClient();
        await ProblemAssert.IsProblem(await anonymous.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthenticated");

        var (_, token) = await fixture.Host.RegisterAsync();
        var parts = token.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}";
        using var forger = fixture.Host.CreateClient(forged);
        await ProblemAssert.IsProblem(await forger.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Profile_edits_and_follows_work_over_http()
    {
        var (alice, aliceToken) = await fixture.Host.RegisterAsync();
        var (bob, _) = await fixture.Host.RegisterAsync();
        using var client = fixture.Host.CreateClient(aliceToken);

        var patched = await client.PatchAsJsonAsync("/api/me", new { displayName = "Alice A.", bio = "streams daily" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("Alice A.", (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("displayName").GetString());
        await ProblemAssert.IsProblem(await client.PatchAsJsonAsync("/api/me", new { avatarUrl = "javascript:alert(1)" }), HttpStatusCode.BadRequest, "invalid_avatar_url");

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/users/{bob}/follow", null)).StatusCode);
        var bobProfile = await client.GetFromJsonAsync<JsonElement>($"/api/users/{bob}");
        Assert.Equal(1, bobProfile.GetProperty("followers").GetInt32());
        var followers = await client.GetFromJsonAsync<JsonElement>($"/api/users/{bob}/followers");
        Assert.Equal(alice, followers.GetProperty("userIds")[0].GetString());

        await ProblemAssert.IsProblem(await client.PostAsync($"/api/users/{alice}/follow", null), HttpStatusCode.BadRequest, "cannot_follow_self");
        await ProblemAssert.IsProblem(await client.PostAsync("/api/users/nobody-here/follow", null), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsProblem(await client.GetAsync("/api/users/nobody-here"), HttpStatusCode.NotFound, "unknown_user");
    }
    [Fact]
    public async Task Password_change_needs_the_current_password_and_replaces_the_old_one()
    {
        var name = NewName();
        var (_, token) = await fixture.Host.RegisterAsync(name, "first-password");
        using var client = fixture.Host.CreateClient(token);

        await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/me/password", new { currentPassword = "wrong-password", newPassword = "second-password" }), HttpStatusCode.Unauthorized, "invalid_credentials");
        await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/me/password", new { currentPassword = "first-password", newPassword = "short" }), HttpStatusCode.BadRequest, "invalid_password");
        using var anonymous = fixture.Host.CreateClient();
        await ProblemAssert.IsProblem(await anonymous.PostAsJsonAsync("/api/me/password", new { currentPassword = "first-password", newPassword = "second-password" }), HttpStatusCode.Unauthorized, "unauthenticated");

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/me/password", new { currentPassword = "first-password", newPassword = "second-password" })).StatusCode);

        await ProblemAssert.IsProblem(await anonymous.PostAsJsonAsync("/api/auth/login", new { username = name, password = "first-password" }), HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/login", new { username = name, password = "second-password" })).StatusCode);
    }
}
