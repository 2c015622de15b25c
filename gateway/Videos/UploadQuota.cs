using System.Globalization;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Videos;

/// <summary>
/// The gateway's side of the per-user upload quota: a new upload (tus creation or plain POST) reserves its place in the
/// user's <see cref="IUploadQuotaGrain"/> before a byte is staged, and a refusal answers 429 <c>upload_quota</c> with
/// <c>Retry-After</c>; the unfinished slot is freed when the upload completes, fails or is terminated.
/// </summary>
public sealed class UploadQuota(IGrainFactory grains, UploadQuotaOptions options, TimeProvider clock)
{
    public const string Code = "upload_quota";

    /// <summary>Null when the upload may start; else the 429 to answer (its Retry-After already on the response).</summary>
    public async Task<IResult?> ReserveAsync(HttpResponse response, string userId, string uploadId, long bytes, bool resumable)
    {
        var decision = await Grain(userId).Reserve(uploadId, bytes, resumable, options.Limits);
        return decision.Granted ? null : Refusal(response, decision, bytes);
    }

    public Task ReleaseAsync(string userId, string uploadId) => Grain(userId).Release(uploadId);

    public async Task<UploadQuotaResponse> UsageAsync(string userId)
    {
        var usage = await Grain(userId).Usage(options.Limits);
        return new UploadQuotaResponse(options.UploadsPerDay, usage.Uploads, options.BytesPerDay, usage.Bytes,
            options.ConcurrentUploads, usage.Unfinished, usage.NextFreeAt);
    }

    private IResult Refusal(HttpResponse response, UploadQuotaDecision decision, long bytes)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(decision.RetryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var wait = Wait(seconds);
        var (quota, detail) = decision.Exceeded switch
        {
            UploadQuotaLimit.UploadsPerDay => ("uploads_per_day",
                $"You started {decision.Used} uploads in the last 24 hours, the most allowed ({decision.Limit}): try again in {wait}."),
            UploadQuotaLimit.BytesPerDay => ("bytes_per_day",
                $"This upload ({Size(bytes)}) would pass your daily upload budget of {Size(decision.Limit)} ({Size(decision.Used)} used in the last 24 hours): try again in {wait}, or upload a smaller file."),
            _ => ("concurrent_uploads",
                $"You have {decision.Used} unfinished uploads, the most allowed at once: finish or cancel one, or try again in {wait}."),
        };
        var extensions = new Dictionary<string, object?>
        {
            ["quota"] = quota,
            ["limit"] = decision.Limit,
            ["used"] = decision.Used,
            ["retryAfterSeconds"] = seconds,
            ["retryAt"] = clock.GetUtcNow().AddSeconds(seconds),
        };
        if (decision.Exceeded == UploadQuotaLimit.BytesPerDay)
        {
            extensions["requested"] = bytes;
        }
        return Problem.Of(StatusCodes.Status429TooManyRequests, Code, "Upload limit reached.", detail, extensions);
    }

    private IUploadQuotaGrain Grain(string userId) => grains.GetGrain<IUploadQuotaGrain>(userId);

    private static string Wait(long seconds)
    {
        var minutes = (seconds + 59) / 60;
        return seconds < 90 ? $"{seconds} s" : minutes < 90 ? $"{minutes} min" : $"{minutes / 60} h {minutes % 60} min";
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => $"{bytes} bytes",
    };
}
