namespace Stagecast.Contracts.Videos;

/// <summary>A user's upload limits: new uploads and declared bytes per rolling <see cref="Window"/>, unfinished uploads at once.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.UploadQuotaLimits")]
public sealed record UploadQuotaLimits(
    [property: Id(0)] int UploadsPerDay,
    [property: Id(1)] long BytesPerDay,
    [property: Id(2)] int ConcurrentUploads)
{
    /// <summary>How long a started upload counts against the daily limits.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);
}
