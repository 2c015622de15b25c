using Microsoft.ML.Data;

namespace Stagecast.Grains.Feed;

/// <summary>ML.NET's view of a sample (training) or a candidate (scoring).</summary>
public sealed class RankerRow
{
    [VectorType(FeedFeatures.Count)]
    public float[] Features { get; set; } = [];

    public float Label { get; set; }

    public string Group { get; set; } = "";
}
