namespace Stagecast.Feed.Eval;

/// <summary>
/// A seeded world: users with hidden interests over topics, creators, and videos with a hidden topic and quality.
/// Only the public part of a video (id, creator, hashtags, caption, duration, creation time) ever reaches the feed; the
/// hidden part feeds <see cref="Behaviour"/> and the metrics.
/// </summary>
public sealed class SyntheticWorld
{
    public const int Topics = 16;
    private const int TagsPerTopic = 3;
    private const int WordsPerTopic = 10;

    public SyntheticWorld(int seed, int users, int videos, int sessions)
    {
        var random = new Random(seed);
        Seed = seed;
        Sessions = sessions;
        Interests = [.. Enumerable.Range(0, users).Select(_ => InterestVector(random))];
        var creatorCount = Math.Max(4, videos / 12);
        Creators = [.. Enumerable.Range(0, creatorCount).Select(c =>
            new WorldCreator(c, $"eval-creator-{seed}-{c}", random.Next(Topics), IsNew: c >= creatorCount * 4 / 5))];
        Videos = [.. Enumerable.Range(0, videos).Select(v =>
        {
            var creator = Creators[random.Next(Creators.Count)];
            // Mostly on the creator's topic; hashtags are the creator's choice and sometimes off-topic (noise).
            var topic = random.NextDouble() < 0.8 ? creator.Topic : random.Next(Topics);
            var tags = new List<string> { Tag(topic, random.Next(TagsPerTopic)) };
            if (random.NextDouble() < 0.5)
            {
                tags.Add(Tag(topic, random.Next(TagsPerTopic)));
            }
            if (random.NextDouble() < 0.2)
            {
                tags.Add(Tag(random.Next(Topics), random.Next(TagsPerTopic)));
            }
            // New creators' videos are released during the run; the rest exist at the start.
            var release = creator.IsNew ? random.Next(sessions) : -1;
            return new WorldVideo(v, $"ev{seed}x{v}", creator.Index, topic, Beta22(random), random.Next(5, 61) * 1000L,
                tags.Distinct().ToList(), release, Caption(seed, v, topic));
        })];
    }

    public int Seed { get; }

    public int Sessions { get; }

    /// <summary>Hidden: each user's interest per topic (sums to 1).</summary>
    public IReadOnlyList<double[]> Interests { get; }

    public IReadOnlyList<WorldCreator> Creators { get; }

    public IReadOnlyList<WorldVideo> Videos { get; }

    public string UserId(int user) => $"eval-user-{Seed}-{user}";

    /// <summary>
    /// Caption words: 3 to 8, each a word of the video's topic (35 %), a stop word (15 %) or one of 300 everyday words.
    /// Drawn from their own random stream so that adding captions left every other draw of the world unchanged.
    /// </summary>
    private static string Caption(int seed, int video, int topic)
    {
        var random = new Random(seed * 1_000_003 + video);
        string[] stop = ["the", "and", "my", "this", "so", "with"];
        return string.Join(' ', Enumerable.Range(0, random.Next(3, 9)).Select(_ => random.NextDouble() switch
        {
            < 0.35 => $"topic{topic}word{random.Next(WordsPerTopic)}",
            < 0.5 => stop[random.Next(stop.Length)],
            _ => $"everyday{random.Next(300)}",
        }));
    }

    private static string Tag(int topic, int variant) => $"topic{topic}{(char)('a' + variant)}";

    // A few topics carry most of a user's interest (a sparse Dirichlet draw).
    private static double[] InterestVector(Random random)
    {
        var v = new double[Topics];
        for (var i = 0; i < Topics; i++)
        {
            v[i] = Math.Pow(random.NextDouble(), 6);
        }
        var sum = v.Sum();
        return [.. v.Select(x => x / sum)];
    }

    private static double Beta22(Random random)
    {
        // The median of three uniforms is Beta(2, 2).
        double[] u = [random.NextDouble(), random.NextDouble(), random.NextDouble()];
        Array.Sort(u);
        return u[1];
    }
}
