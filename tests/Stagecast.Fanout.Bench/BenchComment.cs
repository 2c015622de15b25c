namespace Stagecast.Fanout.Bench;

/// <summary>A comment shaped like the room's (ids, names, text, time), so batches have realistic size.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.Fanout.Bench.BenchComment")]
public sealed record BenchComment(
    [property: Id(0)] long CommentId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string Text,
    [property: Id(4)] long At);
