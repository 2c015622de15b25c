using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Feed;

/// <summary>
/// The hand-written, explainable scorer and the re-ranker: score = interest + follow + trend + quality + freshness;
/// then no two consecutive videos by one creator, and every <see cref="ExploreEvery"/>th slot from the fresh pool.
/// </summary>
public static class FeedRanker
{
    public const int ExploreEvery = 5;

    public static RankedVideo Score(VideoCard card, IReadOnlySet<string> following, IReadOnlyDictionary<string, double> affinity,
        IReadOnlyDictionary<string, double> heat, long nowMs)
    {
        var s = card.Stats;
        var terms = new (string Reason, double Value)[]
        {
            ("interest", card.Hashtags.Sum(t => affinity.GetValueOrDefault("#" + t)) + affinity.GetValueOrDefault("@" + card.OwnerId)),
            ("followed", following.Contains(card.OwnerId) ? 1.5 : 0),
            ("trending", 0.6 * Math.Log(1 + heat.GetValueOrDefault(card.VideoId))),
            // Beta-style priors so a new video is not judged on two views.
            ("quality", (s.Completions + 1.0) / (s.Views + 3.0) + 2.0 * (s.Likes + 2.0 * s.Shares) / (s.Views + 10.0)),
            ("fresh", 0.5 * Math.Exp(-(nowMs - card.CreatedAt.ToUnixTimeMilliseconds()) / 86_400_000.0)),
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
