using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Stagecast.Gateway.Hosting;

/// <summary>
/// Behind a balancer every request comes from the balancer's address, so per-client limits (login attempts) would
/// count all users as one. <c>Stagecast:TrustedProxies</c> lists the balancers' addresses or networks
/// ("10.0.0.5, 172.16.0.0/12"); X-Forwarded-For and -Proto from them are believed, from anyone else ignored.
/// </summary>
public static class TrustedProxies
{
    public const string Key = "Stagecast:TrustedProxies";

    public static IServiceCollection AddStagecastTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var entries = (configuration[Key] ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var entry in entries)
            {
                if (System.Net.IPNetwork.TryParse(entry, out var network) && entry.Contains('/', StringComparison.Ordinal))
                {
                    o.KnownIPNetworks.Add(network);
                }
                else if (IPAddress.TryParse(entry, out var address))
                {
                    o.KnownProxies.Add(address);
                }
                else
                {
                    throw new StartupConfigurationException($"{Key}: '{entry}' is not an IP address or network.");
                }
            }
        });
        return services;
    }

    /// <summary>Applies the forwarded headers when proxies are configured; without any, the connection's own address stands.</summary>
    public static IApplicationBuilder UseStagecastTrustedProxies(this WebApplication app) =>
        string.IsNullOrWhiteSpace(app.Configuration[Key]) ? app : app.UseForwardedHeaders();
}
