using System.Collections.Concurrent;
using Stagecast.Contracts.Accounts;

namespace Stagecast.Gateway.Accounts;

/// <summary>
/// Users' display names for comments and gift events: one cache per gateway, each name kept for <see cref="MaxAge"/>
/// (a renamed user's comments and gifts show the new name within that time), so neither costs a profile call.
/// </summary>
public sealed class DisplayNames(IGrainFactory grains, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (string Name, long At)> _names = new(StringComparer.Ordinal);

    /// <summary>The user's display name, or null when the account no longer exists (not cached, so it is asked again).</summary>
    public async ValueTask<string?> FindAsync(string userId)
    {
        var now = clock.GetTimestamp();
        if (_names.TryGetValue(userId, out var cached) && now - cached.At < MaxAge.TotalSeconds * clock.TimestampFrequency)
        {
            return cached.Name;
        }
        if ((await grains.GetGrain<IUserGrain>(userId).GetProfile())?.DisplayName is not { } name)
        {
            return null;
        }
        if (_names.Count > 200_000)
        {
            _names.Clear();
        }
        _names[userId] = (name, now);
        return name;
    }
}
