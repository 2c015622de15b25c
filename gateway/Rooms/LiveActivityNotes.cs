using Stagecast.Contracts.Privacy;

namespace Stagecast.Gateway.Rooms;

/// <summary>
/// The user's privacy grain remembers each live room they commented or gifted in (export and erasure find their
/// comments and their top-gifter row there), before the first one lands; this gateway asks once per user and room
/// (the memo is bounded).
/// </summary>
public sealed class LiveActivityNotes(IGrainFactory grains)
{
    private const int MaxNoted = 100_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _noted = new(StringComparer.Ordinal);

    public async Task NoteAsync(string userId, string roomId)
    {
        var key = userId + "/" + roomId;
        if (_noted.ContainsKey(key))
        {
            return;
        }
        await grains.GetGrain<IAccountPrivacyGrain>(userId).NoteChatRoom(roomId);
        if (_noted.Count >= MaxNoted)
        {
            _noted.Clear();
        }
        _noted.TryAdd(key, 0);
    }
}
