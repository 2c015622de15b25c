namespace Stagecast.Fanout.Bench;

/// <summary>A room batch as the live-room grain sends it: a window's comments; <see cref="SentTicks"/> is a Stopwatch timestamp.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.Fanout.Bench.BenchBatch")]
public sealed record BenchBatch(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] long SentTicks,
    [property: Id(3)] IReadOnlyList<BenchComment> Comments);
