using System.Collections.Concurrent;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Gateway.Wallet;

/// <summary>Who receives a room's gifts: the room's host, read once from the room grain and cached (a room's host never changes).</summary>
public sealed class RoomHostLookup(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, string> _hosts = new(StringComparer.Ordinal);

    public async Task<string?> HostOfAsync(string roomId)
    {
        if (_hosts.TryGetValue(roomId, out var cached))
        {
            return cached;
        }
        var info = await grains.GetGrain<ILiveRoomGrain>(roomId).GetInfo();
        if (info is null)
        {
            return null;
        }
        if (_hosts.Count > 100_000)
        {
            _hosts.Clear();
        }
        return _hosts[roomId] = info.HostId;
    }
}
