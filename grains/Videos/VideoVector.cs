namespace Stagecast.Grains.Videos;

/// <summary>A video's content vector: the buckets of its features (<see cref="ContentFeatures"/>), each weighing 1/sqrt(n).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.VideoVector")]
public sealed record VideoVector([property: Id(0)] int[] Buckets, [property: Id(1)] long CreatedMs);
