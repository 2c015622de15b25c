using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Feed;

/// <summary>
/// Online interest learning: each event moves the viewer's affinity to the video's hashtags and creator by a
/// signal weight (finishing counts, a fast skip counts against); all affinities decay with a three-day half-life.
/// </summary>
public static class Affinities
{
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(3);
    public const int MaxEntries = 300;

    /// <summary>The weight of one event: watch ratio centred on one half, like 2, share 3, skip -1.</summary>
    public static double Weight(VideoSignalKind kind, long? watchedMs, long durationMs) => kind switch
    {
        VideoSignalKind.Watch when durationMs > 0 => Math.Clamp((double)(watchedMs ?? 0) / durationMs - 0.5, -0.5, 0.5) * 2,
        VideoSignalKind.Like => 2,
        VideoSignalKind.Share => 3,
        VideoSignalKind.Skip => -1,
        VideoSignalKind.View => 0.2,
        _ => 0,
    };

    public static void Learn(ViewerFeedState state, VideoCard video, double weight, long nowMs)
    {
        Decay(state, nowMs);
        if (weight == 0)
        {
            return;
        }
        var perTag = video.Hashtags.Count == 0 ? 0 : weight / Math.Sqrt(video.Hashtags.Count);
        foreach (var tag in video.Hashtags)
        {
            state.Affinity["#" + tag] = state.Affinity.GetValueOrDefault("#" + tag) + perTag;
        }
        state.Affinity["@" + video.OwnerId] = state.Affinity.GetValueOrDefault("@" + video.OwnerId) + weight * 0.5;
        if (state.Affinity.Count > MaxEntries)
        {
            foreach (var weakest in state.Affinity.OrderBy(a => Math.Abs(a.Value)).Take(state.Affinity.Count - MaxEntries).Select(a => a.Key).ToList())
            {
                state.Affinity.Remove(weakest);
            }
        }
    }

    public static IReadOnlyList<string> TopTags(ViewerFeedState state, int n) =>
        state.Affinity.Where(a => a.Key[0] == '#' && a.Value > 0).OrderByDescending(a => a.Value).Take(n).Select(a => a.Key[1..]).ToList();

    private static void Decay(ViewerFeedState state, long nowMs)
    {
        if (state.AffinityAtMs != 0 && nowMs > state.AffinityAtMs)
        {
            var factor = Math.Pow(0.5, (nowMs - state.AffinityAtMs) / HalfLife.TotalMilliseconds);
            foreach (var key in state.Affinity.Keys.ToList())
            {
                state.Affinity[key] *= factor;
            }
        }
        state.AffinityAtMs = nowMs;
    }
}
