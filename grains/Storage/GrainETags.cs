using System.Globalization;
using Orleans.Storage;

namespace Stagecast.Grains.Storage;

/// <summary>The ETag of a stored grain state is its version number, written and read invariantly.</summary>
internal static class GrainETags
{
    public static string Of(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>The version an ETag names; an ETag this storage did not write is a conflict, not a crash.</summary>
    public static long Version(string etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new InconsistentStateException($"ETag '{etag}' is not a version this storage wrote.");
}
