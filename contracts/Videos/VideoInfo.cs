namespace Stagecast.Contracts.Videos;

/// <summary>A video as GET /api/videos/{id} shows it; <paramref name="Percent"/> is processing progress.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.VideoInfo")]
public sealed record VideoInfo(
    [property: Id(0)] VideoCard Card,
    [property: Id(1)] int Percent,
    [property: Id(2)] string? FailureReason,
    [property: Id(3)] IReadOnlyList<int> RenditionHeights);
