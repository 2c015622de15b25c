using Stagecast.Contracts.Videos;
using Stagecast.Grains.Videos;

namespace Stagecast.Grains.Feed;

/// <summary>
/// Online interest learning: each event moves the viewer's affinity to the video's hashtags ("#tag"), caption words
/// ("~word", half as much: words are noisier) and creator ("@id") by a signal weight (finishing counts, a fast skip
/// counts against); all affinities decay with a three-day half-life. The "#" and "~" entries are the viewer's
/// interest vector over the same features as the videos' content vectors (<see cref="ContentFeatures"/>).
/// </summary>
public static class Affinities
{
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(3);
    public const int MaxEntries = 500;

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
        var words = ContentFeatures.Words(video);
        foreach (var word in words)
        {
            state.Affinity["~" + word] = state.Affinity.GetValueOrDefault("~" + word) + 0.5 * weight / Math.Sqrt(words.Count);
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

    /// <summary>The viewer's strongest positive content interests ("#tag" and "~word"): their interest vector's head.</summary>
    public static IReadOnlyDictionary<string, double> TopContent(ViewerFeedState state, int n) =>
        state.Affinity.Where(a => a.Key[0] is '#' or '~' && a.Value > 0).OrderByDescending(a => a.Value).ThenBy(a => a.Key, StringComparer.Ordinal)
            .Take(n).ToDictionary();

    /// <summary>Positive engagement, the kind that makes two videos co-engaged: more than half watched, a like or a share.</summary>
    public static bool Positive(VideoSignalKind kind, double weight) =>
        kind is VideoSignalKind.Like or VideoSignalKind.Share || (kind == VideoSignalKind.Watch && weight > 0);

    private static void Decay(ViewerFeedState state, long nowMs)
    {
        if (state.AffinityAtMs != 0 && nowMs > state.AffinityAtMs)
        {
            var factor = HalfLives.Factor(state.AffinityAtMs, nowMs, HalfLife);
            foreach (var key in state.Affinity.Keys.ToList())
            {
                state.Affinity[key] *= factor;
            }
        }
        state.AffinityAtMs = nowMs;
    }
}
