namespace Stagecast.Gateway.Feed;

/// <summary>
/// A request's region for regional trending: the two-letter country the load balancer puts in the header named by
/// <c>Feed:RegionHeader</c> (default <c>CF-IPCountry</c>, as Cloudflare sends it). Anything else (no header, unknown
/// <c>XX</c>, Tor <c>T1</c>, malformed) is the global region, null. Only trust the header behind a balancer that sets it.
/// </summary>
public sealed class FeedRegions(IConfiguration configuration)
{
    private readonly string _header = configuration["Feed:RegionHeader"] is { Length: > 0 } h ? h : "CF-IPCountry";

    public string? Of(HttpContext http)
    {
        var value = http.Request.Headers[_header].ToString().Trim();
        return value.Length == 2 && value.All(char.IsAsciiLetter) && !value.Equals("XX", StringComparison.OrdinalIgnoreCase)
            ? value.ToUpperInvariant()
            : null;
    }
}
