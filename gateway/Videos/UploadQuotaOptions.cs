using System.Globalization;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Hosting;
using Stagecast.Media.Videos;

namespace Stagecast.Gateway.Videos;

/// <summary>
/// The "Videos:Quota" section: per user, new uploads and declared bytes per rolling day, unfinished uploads at once.
/// Read once at start; a value that is not a positive whole number, or a byte budget below one largest upload, ends
/// start-up. Every gateway of a cluster should carry the same values: the tally is shared (<see cref="IUploadQuotaGrain"/>).
/// </summary>
public sealed class UploadQuotaOptions
{
    public const string Section = "Videos:Quota";

    public int UploadsPerDay { get; private init; } = 50;

    public long BytesPerDay { get; private init; } = 10L * 1024 * 1024 * 1024;

    public int ConcurrentUploads { get; private init; } = 3;

    public UploadQuotaLimits Limits => new(UploadsPerDay, BytesPerDay, ConcurrentUploads);

    public static UploadQuotaOptions From(IConfiguration configuration, VideoOptions videos)
    {
        var section = configuration.GetSection(Section);
        var defaults = new UploadQuotaOptions();
        var options = new UploadQuotaOptions
        {
            UploadsPerDay = (int)Positive(section, nameof(UploadsPerDay), defaults.UploadsPerDay, int.MaxValue),
            BytesPerDay = Positive(section, nameof(BytesPerDay), defaults.BytesPerDay, long.MaxValue),
            ConcurrentUploads = (int)Positive(section, nameof(ConcurrentUploads), defaults.ConcurrentUploads, int.MaxValue),
        };
        if (options.BytesPerDay < videos.MaxUploadBytes)
        {
            throw new StartupConfigurationException(
                $"{Section}:BytesPerDay ({options.BytesPerDay}) must be at least {VideoOptions.Section}:MaxUploadBytes ({videos.MaxUploadBytes}), or the largest allowed upload could never start.");
        }
        return options;
    }

    private static long Positive(IConfigurationSection section, string key, long fallback, long max)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < 1 || parsed > max)
        {
            throw new StartupConfigurationException($"{Section}:{key} must be a whole number from 1 to {max}, not \"{value}\".");
        }
        return parsed;
    }
}
