using System.Net;

namespace Stagecast.Gateway.Hosting;

/// <summary>
/// The rate-limit key of a client address: an IPv4-mapped IPv6 address counts as its IPv4 address, and an IPv6 client
/// as its /64 (one subscriber's prefix; a host can pick any address inside it). Behind a configured trusted proxy the
/// forwarded-headers middleware has already put the client's own address here.
/// </summary>
public static class ClientAddress
{
    public static string Key(HttpContext http)
    {
        if (http.Connection.RemoteIpAddress is not { } address)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }
}
