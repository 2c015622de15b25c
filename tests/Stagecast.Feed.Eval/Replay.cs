using Stagecast.Contracts.Videos;

namespace Stagecast.Feed.Eval;

/// <summary>
/// Replays the world through a policy: sessions of pages, the behaviour model's reaction to each item sent back as
/// events, counters republished as the video grains would, and the metrics computed against the hidden truth.
/// Every policy sees the same users, sessions, history and releases (one seed).
/// </summary>
public static class Replay
{
    public const int K = 10;
    private const int PublishEvery = 20;

    public static async Task<EvalResult> RunAsync(SyntheticWorld world, IFeedPolicy policy, int pagesPerSession = 2)
    {
        var random = new Random(world.Seed * 31 + 7);
        var start = DateTimeOffset.UtcNow;
        var stats = world.Videos.ToDictionary(v => v.Index, v => VideoStats.Empty);
        var created = world.Videos.ToDictionary(v => v.Index, v => start.AddMinutes(-random.Next(3 * 24 * 60)));
        // History before the run: each existing video was shown to a few random users.
        foreach (var video in world.Videos.Where(v => v.ReleaseSession < 0))
        {
            for (var i = random.Next(40); i > 0; i--)
            {
                stats[video.Index] = Count(stats[video.Index], video, Behaviour.React(world.Interests[random.Next(world.Interests.Count)], video, random));
            }
        }
        VideoCard Card(WorldVideo v) => new(v.VideoId, world.Creators[v.Creator].CreatorId, $"Creator {v.Creator}",
            string.Join(' ', v.Hashtags.Select(t => "#" + t).Prepend(v.Words)).Trim(), v.Hashtags, VideoStatus.Ready, created[v.Index], v.DurationMs, stats[v.Index]);

        var released = world.Videos.Where(v => v.ReleaseSession < 0).ToList();
        var pending = new Queue<WorldVideo>(world.Videos.Where(v => v.ReleaseSession >= 0).OrderBy(v => v.ReleaseSession));
        var byId = world.Videos.ToDictionary(v => v.VideoId);
        await policy.PublishAsync([.. released.Select(Card)]);
        var seen = Enumerable.Range(0, world.Interests.Count).Select(_ => new HashSet<int>()).ToArray();
        var changed = new HashSet<int>();
        double recall = 0, ndcg = 0, diversity = 0, watchMs = 0;
        int pages = 0, items = 0, newCreatorItems = 0;
        for (var session = 0; session < world.Sessions; session++)
        {
            var fresh = new List<WorldVideo>();
            while (pending.Count > 0 && pending.Peek().ReleaseSession <= session)
            {
                var video = pending.Dequeue();
                created[video.Index] = DateTimeOffset.UtcNow;
                fresh.Add(video);
                released.Add(video);
            }
            if (session % PublishEvery == 0 || fresh.Count > 0)
            {
                await policy.PublishAsync([.. fresh.Concat(changed.Select(i => world.Videos[i])).DistinctBy(v => v.Index).Select(Card)]);
                changed.Clear();
            }
            var user = random.Next(world.Interests.Count);
            var interests = world.Interests[user];
            var userId = world.UserId(user);
            for (var p = 0; p < pagesPerSession; p++)
            {
                var page = (await policy.NextAsync(userId, p == 0, K)).Select(id => byId[id]).Take(K).ToList();
                var candidates = released.Where(v => !seen[user].Contains(v.Index)).ToList();
                recall += Recall(interests, page, candidates);
                ndcg += Ndcg(interests, page, candidates);
                diversity += Diversity(page);
                pages++;
                foreach (var video in page)
                {
                    var reaction = Behaviour.React(interests, video, random);
                    seen[user].Add(video.Index);
                    stats[video.Index] = Count(stats[video.Index], video, reaction);
                    changed.Add(video.Index);
                    await policy.ObserveAsync(userId, Card(video), reaction);
                    watchMs += reaction.WatchedMs;
                    items++;
                    newCreatorItems += world.Creators[video.Creator].IsNew ? 1 : 0;
                }
            }
        }
        return new EvalResult(policy.Name, recall / pages, ndcg / pages, watchMs / 1000 / world.Sessions, diversity / pages,
            items == 0 ? 0 : (double)newCreatorItems / items, pages, items);
    }

    /// <summary>Relevant items shown, over the most that ten slots could show (truncated recall).</summary>
    private static double Recall(double[] interests, List<WorldVideo> page, List<WorldVideo> candidates)
    {
        var relevant = candidates.Count(v => Behaviour.Relevant(interests, v));
        return relevant == 0 ? 0 : (double)page.Count(v => Behaviour.Relevant(interests, v)) / Math.Min(K, relevant);
    }

    /// <summary>NDCG@10 with the expected watch ratio as graded relevance, against the best ten unseen videos.</summary>
    private static double Ndcg(double[] interests, List<WorldVideo> page, List<WorldVideo> candidates)
    {
        var dcg = page.Select((v, i) => Behaviour.Gain(interests, v) / Math.Log2(i + 2)).Sum();
        var ideal = candidates.Select(v => Behaviour.Gain(interests, v)).OrderDescending().Take(K).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>1 - mean pairwise cosine of one-hot topic vectors: the share of item pairs on different topics.</summary>
    private static double Diversity(List<WorldVideo> page)
    {
        int pairs = 0, different = 0;
        for (var i = 0; i < page.Count; i++)
        {
            for (var j = i + 1; j < page.Count; j++)
            {
                pairs++;
                different += page[i].Topic != page[j].Topic ? 1 : 0;
            }
        }
        return pairs == 0 ? 0 : (double)different / pairs;
    }

    private static VideoStats Count(VideoStats s, WorldVideo video, Reaction r) => s with
    {
        Impressions = s.Impressions + 1,
        Views = s.Views + (r.Skipped ? 0 : 1),
        WatchMs = s.WatchMs + r.WatchedMs,
        Completions = s.Completions + (r.WatchedMs >= video.DurationMs * 0.95 ? 1 : 0),
        Likes = s.Likes + (r.Liked ? 1 : 0),
        Shares = s.Shares + (r.Shared ? 1 : 0),
        Skips = s.Skips + (r.Skipped ? 1 : 0),
    };
}
