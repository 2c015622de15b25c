using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Stagecast.Gateway.Media;

/// <summary>
/// The base URL other gateways use to reach this one for HLS: <c>Hls:AdvertisedUrl</c>, or the first address
/// Kestrel listens on, with a wildcard host replaced by this machine's first non-loopback IPv4 address.
/// </summary>
public sealed class HlsSelfAddress(IConfiguration configuration, IServer server)
{
    private string? _value;

    public string Value => _value ??= Resolve();

    private string Resolve()
    {
        if (configuration["Hls:AdvertisedUrl"] is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/') + "/";
        }
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server is not listening yet; set Hls:AdvertisedUrl.");
        var uri = new UriBuilder(listening.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = Dns.GetHostAddresses(Dns.GetHostName())
                .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))?.ToString() ?? "127.0.0.1";
        }
        return uri.Uri.GetLeftPart(UriPartial.Authority) + "/";
    }
}
