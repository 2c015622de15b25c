using Stagecast.Feed.Eval;

namespace Stagecast.Videos.Tests;

/// <summary>
/// The evaluation harness on a small seeded world, through the real grains: the ranker must find what users
/// (with interests hidden from it) watch better than chance. The full run's figures are in docs/BENCHMARKS.md.
/// </summary>
public sealed class FeedEvaluationTests
{
    [Fact]
    public async Task The_ranker_beats_random_on_a_synthetic_world_it_only_sees_through_events()
    {
        var world = new SyntheticWorld(seed: 7, users: 30, videos: 400, sessions: 120);
        EvalResult ranker;
        await using (var policy = await GrainFeedPolicy.StartAsync())
        {
            ranker = await Replay.RunAsync(world, policy);
        }
        var random = await Replay.RunAsync(world, new BaselinePolicy("random", popular: false, seed: 7));

        Assert.Equal(world.Sessions * 2, ranker.Pages);
        Assert.True(ranker.RecallAt10 > random.RecallAt10, $"Recall@10 ranker {ranker.RecallAt10:F3} vs random {random.RecallAt10:F3}");
        Assert.True(ranker.NdcgAt10 > random.NdcgAt10, $"NDCG@10 ranker {ranker.NdcgAt10:F3} vs random {random.NdcgAt10:F3}");
        Assert.True(ranker.WatchSecondsPerSession > random.WatchSecondsPerSession);
        // Exploration slots give creators who joined during the run an audience.
        Assert.True(ranker.NewCreatorExposure > 0);
    }
}
