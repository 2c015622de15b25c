using Stagecast.Contracts.Accounts;
using Stagecast.Gateway.Accounts;

namespace Stagecast.Gateway.Feed;

/// <summary>
/// A request's region for regional trending: the two-letter country the load balancer puts in the header named by
/// <c>Feed:RegionHeader</c> (default <c>CF-IPCountry</c>, as Cloudflare sends it). Anything else (no header, unknown
/// <c>XX</c>, Tor <c>T1</c>, malformed) is no region: then a signed-in viewer's profile country (PATCH /api/me
/// <c>country</c>) is the region, else the global region, null. Only trust the header behind a balancer that sets it.
/// </summary>
public sealed class FeedRegions(IConfiguration configuration)
{
    private readonly string _header = configuration["Feed:RegionHeader"] is { Length: > 0 } h ? h : "CF-IPCountry";

    /// <summary>The header's region, else the signed-in viewer's profile country, else null (global).</summary>
    public async Task<string?> OfAsync(HttpContext http, IGrainFactory grains) =>
        Of(http) ?? (http.User.UserId() is { } userId ? (await grains.GetGrain<IUserGrain>(userId).GetProfile())?.Country : null);

    public string? Of(HttpContext http)
    {
        var value = http.Request.Headers[_header].ToString().Trim();
        return value.Length == 2 && value.All(char.IsAsciiLetter) && !value.Equals("XX", StringComparison.OrdinalIgnoreCase)
            ? value.ToUpperInvariant()
            : null;
    }
}
