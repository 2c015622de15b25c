using System.Collections.Concurrent;
using Stagecast.Contracts.Subscriptions;

namespace Stagecast.Gateway.Subscriptions;

/// <summary>
/// Subscriber badges for comments and gifts: one cache per gateway keyed by creator and user, so every room of a
/// creator shares it and a chat message costs no subscription call. An answer (badge or none) is kept for
/// <see cref="MaxAge"/>: a new subscriber's badge appears, and a lapsed one's goes, within that time. Subscriber-only
/// chat asks again fresh before it refuses (<see cref="FindAsync"/> with <c>fresh</c>).
/// </summary>
public sealed class SubscriberBadges(IGrainFactory grains, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string Creator, string User), (SubscriberBadge? Badge, long At)> _badges = new();

    /// <summary>The user's badge in the creator's rooms, or null; <paramref name="fresh"/> skips the cache.</summary>
    public async ValueTask<SubscriberBadge?> FindAsync(string creatorId, string userId, bool fresh = false)
    {
        if (creatorId == userId)
        {
            return null;
        }
        var now = clock.GetTimestamp();
        if (!fresh && _badges.TryGetValue((creatorId, userId), out var cached) && now - cached.At < MaxAge.TotalSeconds * clock.TimestampFrequency)
        {
            return cached.Badge;
        }
        var badge = await grains.GetGrain<ISubscriptionsGrain>(0).Badge(creatorId, userId);
        if (_badges.Count > 200_000)
        {
            _badges.Clear();
        }
        _badges[(creatorId, userId)] = (badge, now);
        return badge;
    }
}
