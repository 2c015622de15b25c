namespace Stagecast.Contracts.Videos;

/// <summary>A ready video's content features ("#tag", "~word") and creation time, as the similarity index keeps them.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.VideoContent")]
public sealed record VideoContent(
    [property: Id(0)] string VideoId,
    [property: Id(1)] IReadOnlyList<string> Features,
    [property: Id(2)] long CreatedMs);
