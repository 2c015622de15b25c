using System.Runtime.CompilerServices;
using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// A video's content as sparse features: "#tag" per hashtag and "~word" per caption word (<see cref="CaptionWords"/>),
/// at most <see cref="MaxPerVideo"/>, each weighing 1/sqrt(n) (a unit vector). The viewer's interest vector uses the
/// same keys (<c>Affinities</c>); the similarity index hashes them into <see cref="Buckets"/> buckets.
/// </summary>
public static class ContentFeatures
{
    public const int MaxPerVideo = 32;
    public const int Buckets = 1 << 20;

    // A card's words, parsed once per card instance: the feed scores the same immutable cards on every request.
    private static readonly ConditionalWeakTable<VideoCard, string[]> CardWords = new();

    public static IReadOnlyList<string> Of(VideoCard card) => Of(card.Hashtags, Words(card));

    public static IReadOnlyList<string> Of(string caption, IReadOnlyList<string> hashtags) => Of(hashtags, Words(caption, hashtags));

    private static IReadOnlyList<string> Of(IReadOnlyList<string> hashtags, IEnumerable<string> words)
    {
        var features = hashtags.Select(t => "#" + t).Distinct().Take(MaxPerVideo).ToList();
        features.AddRange(words.Select(w => "~" + w).Take(MaxPerVideo - features.Count));
        return features;
    }

    /// <summary>The caption's words that are not also its hashtags.</summary>
    public static IEnumerable<string> Words(string caption, IReadOnlyList<string> hashtags) =>
        CaptionWords.Parse(caption).Where(w => !hashtags.Contains(w));

    /// <summary>
    /// <see cref="Words(string, IReadOnlyList{string})"/> of a card, remembered for as long as the card instance lives
    /// (cards are immutable; a changed caption is a new card).
    /// </summary>
    public static IReadOnlyList<string> Words(VideoCard card) =>
        CardWords.GetValue(card, static c => [.. Words(c.Caption, c.Hashtags)]);

    /// <summary>A feature's bucket: FNV-1a of its UTF-16 code units, stable across processes (unlike string.GetHashCode).</summary>
    public static int Bucket(string feature) => (int)(StableHash.Fnv1a(feature) & (Buckets - 1));
}
