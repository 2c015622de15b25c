namespace Stagecast.Contracts.Videos;

/// <summary>
/// A reservation's outcome: granted (<see cref="Exceeded"/> is <see cref="UploadQuotaLimit.None"/>), or the limit it
/// would pass with that limit's value, what is used of it, and how long until trying again can succeed.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.UploadQuotaDecision")]
public sealed record UploadQuotaDecision(
    [property: Id(0)] UploadQuotaLimit Exceeded,
    [property: Id(1)] long Limit,
    [property: Id(2)] long Used,
    [property: Id(3)] TimeSpan RetryAfter,
    [property: Id(4)] UploadQuotaUsage Usage)
{
    public bool Granted => Exceeded == UploadQuotaLimit.None;
}
