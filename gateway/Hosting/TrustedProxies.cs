using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Stagecast.Gateway.Hosting;

/// <summary>
/// <c>Stagecast:Auth:TrustedProxies</c>: addresses of reverse proxies whose X-Forwarded-For is believed, so rate limits
/// count the client behind the proxy rather than the proxy. None by default: the header is ignored.
/// </summary>
public static class TrustedProxies
{
    /// <summary>Registers the forwarded-headers options; true when any proxy is configured (then the middleware runs).</summary>
    public static bool Configure(WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Stagecast:Auth:TrustedProxies");
        var entries = section.Value is { } list ? list.Split(',') : section.GetChildren().Select(c => c.Value ?? "").ToArray();
        var proxies = new List<IPAddress>();
        foreach (var entry in entries.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            proxies.Add(IPAddress.TryParse(entry, out var address)
                ? address
                : throw new StartupConfigurationException($"Stagecast:Auth:TrustedProxies: '{entry}' is not an IP address."));
        }
        if (proxies.Count == 0)
        {
            return false;
        }
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.ForwardLimit = 1;
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }
        });
        return true;
    }
}
