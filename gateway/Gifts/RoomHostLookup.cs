using System.Collections.Concurrent;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Gateway.Gifts;

/// <summary>
/// The gift gate of this gateway: whether a user may gift into a room and who the room's host is, from a
/// snapshot of the room (status, host, bans, the host's blocks) instead of one room-grain call per gift.
/// Only a positive answer is ever taken from the cache, and only while the snapshot is younger than
/// <see cref="MaxAge"/> and no room command (ban, end, ...) ran on this gateway since it was taken (<see cref="RoomChanges"/>); every refusal
/// is checked against a fresh snapshot. A ban or end made through another gateway reaches this one through the
/// room's batches (when it has viewers there) and otherwise within <see cref="MaxAge"/>.
/// </summary>
public sealed class RoomHostLookup(IGrainFactory grains, RoomChanges changes, TimeProvider clock)
{
    /// <summary>How long a snapshot may allow gifts without asking the room again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, Entry> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<Entry>> _fetches = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="userId"/> may gift into the room now, and the host who receives it.</summary>
    public async ValueTask<(GiftGate Gate, string? HostId)> CheckAsync(string roomId, string userId)
    {
        if (_gates.TryGetValue(roomId, out var cached) && IsFresh(cached) && Decide(cached, userId) is { Gate: GiftGate.Allowed } allowed)
        {
            return allowed;
        }
        return Decide(await FetchAsync(roomId), userId);
    }

    /// <summary>The room's host, or null for an unknown room. A room's host never changes, so any snapshot answers.</summary>
    public async ValueTask<string?> HostOfAsync(string roomId)
    {
        var entry = _gates.TryGetValue(roomId, out var cached) && cached.Snapshot.Status != RoomStatus.Unknown ? cached : await FetchAsync(roomId);
        return entry.Snapshot.Status == RoomStatus.Unknown ? null : entry.Snapshot.HostId;
    }

    private bool IsFresh(Entry entry) =>
        entry.Epoch == changes.Epoch && clock.GetTimestamp() - entry.FetchedAt < MaxAge.TotalSeconds * clock.TimestampFrequency;

    private static (GiftGate Gate, string? HostId) Decide(Entry entry, string userId) =>
        (GiftGates.Decide(entry.Snapshot.Status, entry.Banned.Contains(userId), entry.Blocked.Contains(userId)),
            entry.Snapshot.Status == RoomStatus.Unknown ? null : entry.Snapshot.HostId);

    /// <summary>One fresh snapshot per room at a time: concurrent gifts share a fetch that began after the last change.</summary>
    private Task<Entry> FetchAsync(string roomId)
    {
        var epoch = changes.Epoch;
        while (true)
        {
            if (_fetches.TryGetValue(roomId, out var running))
            {
                if (!running.IsCompleted || running.IsCompletedSuccessfully)
                {
                    // Joined only if it was started at the current epoch (checked on its result below).
                    return JoinAsync(roomId, running, epoch);
                }
                _fetches.TryRemove(new KeyValuePair<string, Task<Entry>>(roomId, running));
                continue;
            }
            var fetch = LoadAsync(roomId, epoch);
            if (_fetches.TryAdd(roomId, fetch))
            {
                // Once done it serves the callers already waiting on it; later callers use _gates or start anew.
                _ = fetch.ContinueWith(
                    done => _fetches.TryRemove(new KeyValuePair<string, Task<Entry>>(roomId, done)),
                    CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return fetch;
            }
        }
    }

    private async Task<Entry> JoinAsync(string roomId, Task<Entry> running, long epoch)
    {
        var entry = await running;
        if (entry.Epoch >= epoch)
        {
            return entry;
        }
        _fetches.TryRemove(new KeyValuePair<string, Task<Entry>>(roomId, running));
        return await FetchAsync(roomId);
    }

    private async Task<Entry> LoadAsync(string roomId, long epoch)
    {
        await Task.Yield();
        var snapshot = await grains.GetGrain<ILiveRoomGrain>(roomId).GetGiftGate();
        var entry = new Entry(snapshot, snapshot.Banned.ToHashSet(StringComparer.Ordinal),
            (snapshot.Blocked ?? []).ToHashSet(StringComparer.Ordinal), epoch, clock.GetTimestamp());
        if (_gates.Count > 100_000)
        {
            _gates.Clear();
        }
        _gates[roomId] = entry;
        return entry;
    }

    private sealed record Entry(GiftGateSnapshot Snapshot, HashSet<string> Banned, HashSet<string> Blocked, long Epoch, long FetchedAt);
}
