using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stagecast.Grains.Feed;

namespace Stagecast.Grains.Tests.Videos;

/// <summary>The learned ranker falls back to the hand-written scorer without data and learns an ordering with it.</summary>
public sealed class LearnedRankerTests
{
    [Fact]
    public void Without_enough_logged_impressions_there_is_no_model_and_the_hand_written_scorer_stays()
    {
        var ranker = New(minSamples: 500);
        ranker.Log(Samples(new Random(1), pages: 20));
        Assert.False(ranker.Train());
        Assert.False(ranker.TryScore(new float[FeedFeatures.Count], out _));
        Assert.Equal(0, ranker.Version);
    }

    [Fact]
    public void With_logged_impressions_it_ranks_what_was_engaged_with_above_what_was_skipped()
    {
        var ranker = New(minSamples: 500);
        ranker.Log(Samples(new Random(2), pages: 300));
        Assert.True(ranker.Train());
        Assert.Equal(1, ranker.Version);

        // In the logs, outcome grew with hashtag affinity (feature 0) and fell with length (feature 7).
        var liked = new float[FeedFeatures.Count];
        liked[0] = 2.5f;
        liked[7] = 10;
        var skipped = new float[FeedFeatures.Count];
        skipped[0] = -1f;
        skipped[7] = 55;
        Assert.True(ranker.TryScore(liked, out var high));
        Assert.True(ranker.TryScore(skipped, out var low));
        Assert.True(high > low, $"{high} should exceed {low}");
    }

    private static LearnedRanker New(int minSamples) =>
        new(Options.Create(new LearnedRankerOptions { MinSamples = minSamples }), NullLogger<LearnedRanker>.Instance);

    private static List<RankingSample> Samples(Random random, int pages)
    {
        var samples = new List<RankingSample>();
        for (var p = 0; p < pages; p++)
        {
            for (var i = 0; i < 10; i++)
            {
                var f = new float[FeedFeatures.Count];
                for (var k = 0; k < f.Length; k++)
                {
                    f[k] = (float)random.NextDouble();
                }
                f[0] = (float)(random.NextDouble() * 4 - 1);
                f[7] = random.Next(5, 61);
                var utility = f[0] - f[7] / 30 + random.NextDouble() * 0.5;
                samples.Add(new RankingSample($"page{p}", f, (float)Math.Clamp(Math.Round(utility + 1.5), 0, 4)));
            }
        }
        return samples;
    }
}
