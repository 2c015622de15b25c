using System.Collections.Concurrent;
using Stagecast.Gateway.Rooms;

namespace Stagecast.Gateway.Media;

/// <summary>
/// This gateway's WHEP sessions by room, with the hub connection the player named (the watch page sends its own so
/// that one person is counted once). A session the media layer has ended (DELETE, ICE or DTLS failure, timeout)
/// drops out at the next count.
/// </summary>
public sealed class WhepViewers(WhipIngest ingest) : IRoomMediaViewers
{
    private readonly ConcurrentDictionary<string, (string RoomId, string? HubConnectionId)> _sessions = new();

    public void Add(string sessionId, string roomId, string? hubConnectionId) => _sessions[sessionId] = (roomId, hubConnectionId);

    public void Remove(string sessionId) => _sessions.TryRemove(sessionId, out _);

    public int CountWithoutHub(string roomId, Func<string, bool> isHubMember)
    {
        var count = 0;
        foreach (var (sessionId, session) in _sessions)
        {
            if (session.RoomId != roomId) continue;
            if (ingest.RunningServer?.GetViewer(sessionId) is null)
            {
                _sessions.TryRemove(sessionId, out _);
                continue;
            }

            if (session.HubConnectionId is not { } hub || !isHubMember(hub)) count++;
        }

        return count;
    }
}
