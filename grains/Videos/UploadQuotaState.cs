using System.Collections.Immutable;

namespace Stagecast.Grains.Videos;

/// <summary>A user's upload tally: the uploads started within the window (oldest first), and those not yet finished.</summary>
[GenerateSerializer, Alias("Stagecast.UploadQuotaState")]
public sealed record UploadQuotaState
{
    [Id(0)] public ImmutableList<CountedUpload> Started { get; init; } = [];
    [Id(1)] public ImmutableList<CountedUpload> Unfinished { get; init; } = [];
}

/// <summary>One upload the quota counts: its id (a tus upload's id is its grain's key), when it started, its declared bytes.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.CountedUpload")]
public sealed record CountedUpload(
    [property: Id(0)] string UploadId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] long Bytes,
    [property: Id(3)] bool Resumable);
