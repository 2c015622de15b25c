using System.Collections.Concurrent;
using Stagecast.Contracts.Accounts;

namespace Stagecast.Gateway.Wallet;

/// <summary>
/// Senders' display names for gift events, cached per gateway for <see cref="MaxAge"/> (a renamed user's gifts
/// show the new name within that time), so a gift costs no profile call.
/// </summary>
public sealed class DisplayNames(IGrainFactory grains, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (string Name, long At)> _names = new(StringComparer.Ordinal);

    public async ValueTask<string> OfAsync(string userId)
    {
        var now = clock.GetTimestamp();
        if (_names.TryGetValue(userId, out var cached) && now - cached.At < MaxAge.TotalSeconds * clock.TimestampFrequency)
        {
            return cached.Name;
        }
        var name = (await grains.GetGrain<IUserGrain>(userId).GetProfile())?.DisplayName ?? userId;
        if (_names.Count > 200_000)
        {
            _names.Clear();
        }
        _names[userId] = (name, now);
        return name;
    }
}
