using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Videos;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>A profile country (ISO 3166-1 alpha-2): validated, private, and the feed's region when the request has none.</summary>
public sealed class ProfileCountryTests
{
    [Fact]
    public async Task The_profile_country_is_the_feed_region_when_the_request_has_no_region_header()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var catalog = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IVideoCatalogGrain>(0);
        // Two videos, each trending in its own country; the German one more engaging overall, so it leads globally.
        var german = await SeedAsync(catalog, "Currywurst #food", "DE", 4);
        var brazilian = await SeedAsync(catalog, "Feijoada #food", "BR", 1);

        var (userId, token) = await host.RegisterAsync();
        using var client = host.CreateClient(token);
        await VideoApi.IsProblemAsync(await client.PatchAsJsonAsync("/api/me", new { country = "ZZ" }), HttpStatusCode.BadRequest, "invalid_country");
        await VideoApi.IsProblemAsync(await client.PatchAsJsonAsync("/api/me", new { country = "Brazil" }), HttpStatusCode.BadRequest, "invalid_country");
        var saved = await VideoApi.JsonAsync(await client.PatchAsJsonAsync("/api/me", new { country = " br " }));
        Assert.Equal("BR", saved.GetProperty("country").GetString());
        Assert.Equal("BR", (await VideoApi.JsonAsync(await client.GetAsync("/api/me"))).GetProperty("country").GetString());
        // Other users do not see it.
        using var anonymous = host.CreateClient();
        var shown = await VideoApi.JsonAsync(await anonymous.GetAsync($"/api/users/{userId}"));
        Assert.True(!shown.TryGetProperty("country", out var c) || c.ValueKind == System.Text.Json.JsonValueKind.Null);

        var (_, globalToken) = await host.RegisterAsync();
        using var global = host.CreateClient(globalToken);
        Assert.Equal(german, await FirstVideoAsync(global, header: null));
        // No header: the profile's country. A header wins over the profile (a traveller sees where they are).
        Assert.Equal(brazilian, await FirstVideoAsync(client, header: null));
        var (_, travellerToken) = await host.RegisterAsync();
        using var traveller = host.CreateClient(travellerToken);
        (await traveller.PatchAsJsonAsync("/api/me", new { country = "BR" })).EnsureSuccessStatusCode();
        Assert.Equal(german, await FirstVideoAsync(traveller, header: "DE"));

        // The OpenAPI document describes the field.
        var schemas = (await VideoApi.JsonAsync(await anonymous.GetAsync("/openapi/v1.json"))).GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("ProfileUpdateRequest").GetProperty("properties").TryGetProperty("country", out _));

        // An empty country clears it.
        var cleared = await VideoApi.JsonAsync(await client.PatchAsJsonAsync("/api/me", new { country = "" }));
        Assert.True(!cleared.TryGetProperty("country", out var none) || none.ValueKind == System.Text.Json.JsonValueKind.Null);
    }

    private static async Task<string> SeedAsync(IVideoCatalogGrain catalog, string caption, string region, int scale)
    {
        var stats = VideoStats.Empty with { Impressions = 100 * scale, Views = 50 * scale, Completions = 20 * scale, Likes = 5 * scale };
        var card = new VideoCard($"vr{Guid.NewGuid():N}"[..24], "creator-" + region, "Creator " + region, caption, ["food"],
            VideoStatus.Ready, DateTimeOffset.UtcNow, 10_000, stats);
        await catalog.Upsert(card);
        await catalog.AddRegionalHeat(card.VideoId, new Dictionary<string, double> { [region] = 100 });
        return card.VideoId;
    }

    private static async Task<string?> FirstVideoAsync(HttpClient client, string? header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/feed?size=5");
        if (header is not null)
        {
            request.Headers.Add("CF-IPCountry", header);
        }
        var feed = await VideoApi.JsonAsync(await client.SendAsync(request));
        return feed.GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "video").GetProperty("videoId").GetString();
    }
}
