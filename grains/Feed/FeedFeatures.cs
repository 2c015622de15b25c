using Stagecast.Contracts.Videos;
using Stagecast.Grains.Videos;

namespace Stagecast.Grains.Feed;

/// <summary>
/// What the learned ranker sees of a candidate: the hand-written scorer's inputs, unweighted (hashtag and creator
/// affinity apart), plus the video's length and its similarity to what the viewer liked: the caption-word part of the
/// interest vector's dot product with the video's content vector, and co-engagement with their recent videos
/// (<see cref="SimilarVideos.CoEngagement"/>). Only public facts and the viewer's own learned affinities.
/// </summary>
public static class FeedFeatures
{
    public const int Count = 10;

    /// <summary>Where the two similarity features stand (caption-word match, co-engagement).</summary>
    public const int WordMatchIndex = 8, CoEngagementIndex = 9;

    public static float[] Of(VideoCard card, IReadOnlySet<string> following, IReadOnlyDictionary<string, double> affinity,
        IReadOnlyDictionary<string, double> heat, long nowMs, IReadOnlyDictionary<string, double>? coEngagement = null)
    {
        var s = card.Stats;
        return
        [
            (float)card.Hashtags.Sum(t => affinity.GetValueOrDefault("#" + t)),
            (float)affinity.GetValueOrDefault("@" + card.OwnerId),
            following.Contains(card.OwnerId) ? 1f : 0f,
            (float)Math.Log(1 + heat.GetValueOrDefault(card.VideoId)),
            (float)((s.Completions + 1.0) / (s.Views + 3.0)),
            (float)((s.Likes + 2.0 * s.Shares) / (s.Views + 10.0)),
            (float)Math.Exp(-(nowMs - card.CreatedAt.ToUnixTimeMilliseconds()) / 86_400_000.0),
            card.DurationMs / 1000f,
            (float)WordMatch(card, affinity),
            (float)(coEngagement?.GetValueOrDefault(card.VideoId) ?? 0),
        ];
    }

    // The interest vector's dot product with the video's unit vector over caption words (hashtags are feature 0).
    private static double WordMatch(VideoCard card, IReadOnlyDictionary<string, double> affinity)
    {
        var words = ContentFeatures.Words(card);
        return words.Count == 0 ? 0 : words.Sum(w => affinity.GetValueOrDefault("~" + w)) / Math.Sqrt(words.Count);
    }
}
