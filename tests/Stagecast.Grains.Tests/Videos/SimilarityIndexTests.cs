using Stagecast.Contracts.Videos;
using Stagecast.Grains.Feed;
using Stagecast.Grains.Videos;

namespace Stagecast.Grains.Tests.Videos;

/// <summary>
/// Item-to-item similarity: co-engaged videos become decaying neighbours, caption words alone make videos similar,
/// and every structure stays within its stated bound.
/// </summary>
public sealed class SimilarityIndexTests
{
    private static readonly long Now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void Caption_words_are_normalised_unicode_tokens_without_stop_words_hashtags_mentions_or_numbers()
    {
        var words = CaptionWords.Parse("The CAFÉ  au lait of my dreams #coffee @barista 2024 x ｃａｆé! 東京タワー, naïve_art");
        Assert.Equal(["café", "au", "lait", "dreams", "東京", "京タ", "タワ", "ワー", "naïve_art"], words);
        // A caption word that is also a hashtag counts once, as the hashtag.
        Assert.Equal(["#coffee", "~beans"], ContentFeatures.Of("coffee beans #coffee", ["coffee"]));
    }

    [Fact]
    public void Co_engaged_videos_become_neighbours_whose_weight_decays()
    {
        var index = new SimilarityIndex(new VideoSimilarityState());
        // Three viewers watched A then B; one watched A then C.
        for (var viewer = 0; viewer < 3; viewer++)
        {
            index.CoEngage("b", ["a"], Now);
        }
        index.CoEngage("c", ["a"], Now);

        Assert.Equal([new SimilarVideo("b", 3), new SimilarVideo("c", 1)], index.NeighboursOf("a", Now));
        Assert.Equal([new SimilarVideo("a", 3)], index.NeighboursOf("b", Now));
        // A viewer who engaged with A gets B first: 3 / (3 + 1) against 1 / (1 + 1).
        var similar = index.Similar(new SimilarityQuery(["a"], new Dictionary<string, double>(), 10), Now);
        Assert.Equal(0.75, similar.CoEngagement["b"], 6);
        Assert.Equal(0.5, similar.CoEngagement["c"], 6);
        Assert.False(similar.CoEngagement.ContainsKey("a"));

        var halfLifeLater = Now + (long)SimilarityIndex.HalfLife.TotalMilliseconds;
        Assert.Equal(1.5, index.NeighboursOf("a", halfLifeLater)[0].Weight, 6);
        // New co-engagement adds to the decayed weight.
        index.CoEngage("c", ["a"], halfLifeLater);
        Assert.Equal(1.5, index.NeighboursOf("a", halfLifeLater).Single(n => n.VideoId == "c").Weight, 6);
    }

    [Fact]
    public void Caption_words_alone_make_two_videos_similar()
    {
        var index = new SimilarityIndex(new VideoSimilarityState());
        var watched = Card("watched", "Sourdough starter: feeding it every morning");
        var kin = Card("kin", "My sourdough bread after a week of feeding");
        var other = Card("other", "Kickflip tutorial for beginners");
        foreach (var card in new[] { watched, kin, other })
        {
            index.Put(new VideoContent(card.VideoId, ContentFeatures.Of(card), Now));
        }
        Assert.All(new[] { watched, kin, other }, c => Assert.Empty(c.Hashtags));

        // The viewer finished and liked one video: their interest vector now holds its caption words.
        var viewer = new ViewerFeedState();
        Affinities.Learn(viewer, watched, Affinities.Weight(VideoSignalKind.Watch, watched.DurationMs, watched.DurationMs), Now);
        Affinities.Learn(viewer, watched, Affinities.Weight(VideoSignalKind.Like, null, watched.DurationMs), Now);
        var interests = Affinities.TopContent(viewer, SimilarityIndex.MaxInterests);
        Assert.Contains("~sourdough", interests.Keys);

        var nearest = index.Nearest(interests, 10, new HashSet<string> { "watched" });
        Assert.Equal(["kin"], nearest);
        // The ranker sees it too: the caption-word match feature is positive for the kin video, zero for the other.
        var none = new HashSet<string>();
        var heat = new Dictionary<string, double>();
        Assert.True(FeedFeatures.Of(kin, none, viewer.Affinity, heat, Now)[8] > 0);
        Assert.Equal(0f, FeedFeatures.Of(other, none, viewer.Affinity, heat, Now)[8]);
        Assert.Equal("similar", FeedRanker.Score(kin, FeedFeatures.Of(kin, none, viewer.Affinity, heat, Now)).Reason);
    }

    [Fact]
    public void Vectors_postings_and_neighbour_lists_stay_bounded_and_a_removed_video_leaves_them_all()
    {
        var index = new SimilarityIndex(new VideoSimilarityState());
        // A caption of 200 distinct words keeps its first 24 words; with 20 hashtags, 32 features in all.
        var words = string.Join(' ', Enumerable.Range(0, 200).Select(i => $"word{i}"));
        Assert.Equal(CaptionWords.MaxPerVideo, CaptionWords.Parse(words).Count);
        Assert.Equal(ContentFeatures.MaxPerVideo, ContentFeatures.Of(words, [.. Enumerable.Range(0, 20).Select(i => $"tag{i}")]).Count);
        // 1,000 videos sharing one word: the word's bucket keeps the newest MaxPostings.
        for (var v = 0; v < 1000; v++)
        {
            index.Put(new VideoContent($"v{v}", ["~common", $"~own{v}"], Now + v));
        }
        Assert.Equal(1000 + SimilarityIndex.MaxPostings, index.Postings);
        var nearest = index.Nearest(new Dictionary<string, double> { ["~common"] = 1 }, 500);
        Assert.Equal(SimilarityIndex.MaxPostings, nearest.Count);
        Assert.Equal("v999", nearest[0]);
        Assert.DoesNotContain("v0", nearest);

        // One video co-engaged with 100 others keeps MaxNeighbours; the newest pair is kept, the weakest went.
        index.CoEngage("v1", ["v2"], Now);
        index.CoEngage("v1", ["v2"], Now);
        for (var v = 3; v < 103; v++)
        {
            index.CoEngage($"v{v}", ["v1"], Now);
        }
        var neighbours = index.NeighboursOf("v1", Now);
        Assert.Equal(SimilarityIndex.MaxNeighbours, neighbours.Count);
        Assert.Equal(new SimilarVideo("v2", 2), neighbours[0]);
        Assert.Contains(neighbours, n => n.VideoId == "v102");
        // A query reads the last MaxRecent recent videos only: v2, older than ten others, brings no neighbour.
        var recent = Enumerable.Range(500, SimilarityIndex.MaxRecent).Select(v => $"v{v}").Prepend("v2").ToList();
        Assert.Empty(index.Similar(new SimilarityQuery(recent, new Dictionary<string, double>(), 500), Now).CoEngagement);
        Assert.NotEmpty(index.Similar(new SimilarityQuery(["v2"], new Dictionary<string, double>(), 500), Now).CoEngagement);

        Assert.True(index.Remove("v1"));
        Assert.Empty(index.NeighboursOf("v1", Now));
        Assert.DoesNotContain(index.NeighboursOf("v2", Now), n => n.VideoId == "v1");
        // v1 had left the shared word's postings already (evicted by newer videos); its own word's posting goes now.
        Assert.Equal(1000 + SimilarityIndex.MaxPostings - 1, index.Postings);
        Assert.DoesNotContain("v1", index.Nearest(new Dictionary<string, double> { ["~own1"] = 1 }, 10));
    }

    private static VideoCard Card(string id, string caption) =>
        new(id, "creator-" + id, id, caption, Hashtags.Parse(caption), VideoStatus.Ready, DateTimeOffset.FromUnixTimeMilliseconds(Now), 20_000, VideoStats.Empty);
}
