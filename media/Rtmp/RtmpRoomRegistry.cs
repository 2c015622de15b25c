using System.Collections.Concurrent;

namespace Stagecast.Media.Rtmp;

/// <summary>Which RTMP connection publishes into which room on this node: one publisher per room.</summary>
public sealed class RtmpRoomRegistry
{
    private readonly ConcurrentDictionary<string, RtmpConnection> _publishers = new(StringComparer.Ordinal);

    public int Count => _publishers.Count;

    public bool TryClaim(string roomId, RtmpConnection connection) => _publishers.TryAdd(roomId, connection);

    public void Release(string roomId, RtmpConnection connection) =>
        _publishers.TryRemove(new KeyValuePair<string, RtmpConnection>(roomId, connection));

    public bool IsPublishing(string roomId) => _publishers.ContainsKey(roomId);

    public RtmpConnection? Get(string roomId) => _publishers.TryGetValue(roomId, out var c) ? c : null;

    /// <summary>Closes the room's RTMP publisher, if any (room ended, host banned, key rotated).</summary>
    public bool Cut(string roomId, string reason)
    {
        if (!_publishers.TryGetValue(roomId, out var connection)) return false;
        connection.Cut(reason);
        return true;
    }
}
