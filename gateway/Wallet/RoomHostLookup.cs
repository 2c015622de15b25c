using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Stagecast.Gateway.Wallet;

/// <summary>
/// Who receives a room's gifts: the room's host. ILiveRoomGrain has no host accessor in the gift seam, so this reads
/// the public contract route GET /api/live/{roomId} (field hostId) on this gateway, with the caller's token, and
/// caches the answer (a room's host never changes). Tests and other wirings can replace <see cref="Resolve"/>.
/// </summary>
public sealed class RoomHostLookup(IServer server, ILogger<RoomHostLookup> logger)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentDictionary<string, string> _hosts = new(StringComparer.Ordinal);

    /// <summary>Overrides the HTTP lookup (room id, bearer token) when set.</summary>
    public Func<string, string?, Task<string?>>? Resolve { get; set; }

    public async Task<string?> HostOfAsync(string roomId, string? token)
    {
        if (_hosts.TryGetValue(roomId, out var cached))
        {
            return cached;
        }
        var host = Resolve is not null ? await Resolve(roomId, token) : await FetchAsync(roomId, token);
        if (host is not null)
        {
            _hosts[roomId] = host;
        }
        return host;
    }

    private async Task<string?> FetchAsync(string roomId, string? token)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return null;
        }
        address = address.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://[::]", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(address), $"/api/live/{Uri.EscapeDataString(roomId)}"));
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await Http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("Room {RoomId} lookup answered {Status}", roomId, (int)response.StatusCode);
            return null;
        }
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.TryGetProperty("hostId", out var hostId) ? hostId.GetString() : null;
    }
}
