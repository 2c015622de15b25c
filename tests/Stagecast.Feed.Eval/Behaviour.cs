namespace Stagecast.Feed.Eval;

/// <summary>
/// The behaviour model: the expected watch ratio grows with the user's (hidden) interest in the video's topic and
/// the video's (hidden) quality; likes and shares follow interest times quality; a low draw is a fast skip.
/// </summary>
public static class Behaviour
{
    /// <summary>How much of the user's strongest interest this topic is, 0..1.</summary>
    public static double Match(double[] interests, int topic) => interests[topic] / interests.Max();

    /// <summary>Expected watch ratio, noise-free: the graded relevance the metrics use.</summary>
    public static double Gain(double[] interests, WorldVideo video) =>
        Math.Clamp(0.05 + 0.65 * Match(interests, video.Topic) + 0.3 * video.Quality, 0, 1);

    /// <summary>Relevant: the user would most likely watch at least 70 % of it.</summary>
    public static bool Relevant(double[] interests, WorldVideo video) => Gain(interests, video) >= 0.7;

    public static Reaction React(double[] interests, WorldVideo video, Random random)
    {
        var ratio = Math.Clamp(Gain(interests, video) + Normal(random) * 0.12, 0, 1);
        if (ratio < 0.2)
        {
            return new Reaction((long)(ratio * video.DurationMs), true, false, false);
        }
        var appeal = Match(interests, video.Topic) * video.Quality;
        return new Reaction((long)(ratio * video.DurationMs), false, random.NextDouble() < 0.6 * appeal, random.NextDouble() < 0.2 * appeal);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
