using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Feed;

/// <summary>
/// The hand-written, explainable scorer and the re-ranker: score = interest + similar + follow + trend + quality + freshness;
/// then no two consecutive videos by one creator, and every <see cref="ExploreEvery"/>th slot from the fresh pool.
/// </summary>
public static class FeedRanker
{
    public const int ExploreEvery = 5;

    /// <summary>The hand-written score of a candidate from its <see cref="FeedFeatures"/>; the largest term is the reason.</summary>
    public static RankedVideo Score(VideoCard card, float[] f)
    {
        var terms = new (string Reason, double Value)[]
        {
            ("interest", f[0] + f[1]),
            // Caption words the viewer liked, and what viewers who liked the same videos engaged with next.
            ("similar", f[8] + 2.0 * f[9]),
            ("followed", 1.5 * f[2]),
            ("trending", 0.6 * f[3]),
            // Beta-style priors so a new video is not judged on two views.
            ("quality", f[4] + 2.0 * f[5]),
            ("fresh", 0.5 * f[6]),
        };
        var best = terms.MaxBy(t => t.Value);
        return new RankedVideo(card, terms.Sum(t => t.Value), best.Reason);
    }

    /// <summary>Picks up to <paramref name="size"/> videos: best first, spaced by creator, with exploration slots.</summary>
    public static List<RankedVideo> Arrange(IReadOnlyList<RankedVideo> ranked, IReadOnlyList<VideoCard> fresh, int size,
        string? previousCreator, Random random)
    {
        var pool = ranked.OrderByDescending(r => r.Score).ToList();
        var explore = fresh.ToList();
        var chosen = new List<RankedVideo>();
        var taken = new HashSet<string>();
        var last = previousCreator;
        while (chosen.Count < size)
        {
            RankedVideo? next = null;
            if ((chosen.Count + 1) % ExploreEvery == 0)
            {
                var options = explore.Where(c => !taken.Contains(c.VideoId) && c.OwnerId != last).Take(20).ToList();
                if (options.Count > 0)
                {
                    next = new RankedVideo(options[random.Next(options.Count)], 0, "explore");
                }
            }
            next ??= pool.FirstOrDefault(r => !taken.Contains(r.Card.VideoId) && r.Card.OwnerId != last)
                // Spacing is kept whenever another creator is available; a one-creator catalog still has a feed.
                ?? pool.FirstOrDefault(r => !taken.Contains(r.Card.VideoId));
            if (next is null)
            {
                break;
            }
            chosen.Add(next);
            taken.Add(next.Card.VideoId);
            last = next.Card.OwnerId;
        }
        return chosen;
    }
}
