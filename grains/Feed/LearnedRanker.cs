using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML;

namespace Stagecast.Grains.Feed;

/// <summary>
/// A learning-to-rank model (ML.NET FastTree LambdaMART) trained from the impressions this silo's feed grains
/// logged, one query group per served page. Until a model exists (too little data, or switched off) the feed
/// uses the hand-written scorer. One per silo; retrained by <see cref="LearnedRankerTrainer"/>.
/// </summary>
public sealed class LearnedRanker(IOptions<LearnedRankerOptions> options, ILogger<LearnedRanker> logger)
{
    private const int MaxSamples = 200_000;

    private readonly MLContext _ml = new(seed: 1);
    private readonly Queue<RankingSample> _samples = new();
    private readonly Lock _gate = new();
    private PredictionEngine<RankerRow, RankerScore>? _engine;

    /// <summary>How many models have been trained (0: the hand-written scorer is in use).</summary>
    public int Version { get; private set; }

    public int SampleCount
    {
        get { lock (_gate) { return _samples.Count; } }
    }

    public void Log(IReadOnlyCollection<RankingSample> samples)
    {
        if (samples.Count == 0)
        {
            return;
        }
        lock (_gate)
        {
            foreach (var sample in samples)
            {
                _samples.Enqueue(sample);
            }
            while (_samples.Count > MaxSamples)
            {
                _samples.Dequeue();
            }
        }
    }

    /// <summary>The model's score, or false when there is no model (use the hand-written score).</summary>
    public bool TryScore(float[] features, out float score)
    {
        score = 0;
        if (!options.Value.LearnedRanker)
        {
            return false;
        }
        lock (_gate)
        {
            if (_engine is null)
            {
                return false;
            }
            score = _engine.Predict(new RankerRow { Features = features }).Score;
            return true;
        }
    }

    /// <summary>Trains a new model from the logged samples; false (and the old model kept) when there are too few.</summary>
    public bool Train()
    {
        List<RankingSample> samples;
        lock (_gate)
        {
            samples = [.. _samples];
        }
        var groups = samples.Select(s => s.Group).Distinct().Count();
        if (!options.Value.LearnedRanker || samples.Count < options.Value.MinSamples || groups < 20 || samples.All(s => s.Label == samples[0].Label))
        {
            return false;
        }
        // Ranking needs each group's rows together.
        var rows = samples.OrderBy(s => s.Group, StringComparer.Ordinal)
            .Select(s => new RankerRow { Features = s.Features, Label = s.Label, Group = s.Group });
        var data = _ml.Data.LoadFromEnumerable(rows);
        var pipeline = _ml.Transforms.Conversion.MapValueToKey("GroupKey", nameof(RankerRow.Group))
            .Append(_ml.Ranking.Trainers.FastTree(labelColumnName: nameof(RankerRow.Label), featureColumnName: nameof(RankerRow.Features),
                rowGroupColumnName: "GroupKey", numberOfLeaves: 16, numberOfTrees: 100, minimumExampleCountPerLeaf: 20));
        var model = pipeline.Fit(data);
        var engine = _ml.Model.CreatePredictionEngine<RankerRow, RankerScore>(model);
        lock (_gate)
        {
            _engine?.Dispose();
            _engine = engine;
            Version++;
        }
        logger.LogInformation("Feed ranker {Version} trained on {Samples} impressions in {Groups} pages", Version, samples.Count, groups);
        return true;
    }
}
