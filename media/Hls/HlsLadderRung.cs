namespace Stagecast.Media.Hls;

/// <summary>One down-scaled rendition of the optional ABR ladder (<see cref="HlsOptions.Ladder"/>).</summary>
public sealed class HlsLadderRung
{
    /// <summary>Output height in pixels; the width follows the source's aspect ratio (rounded to even).</summary>
    public int Height { get; set; }

    /// <summary>libx264 target bitrate in kbit/s (also the VBV maximum rate).</summary>
    public int VideoKbps { get; set; }

    /// <summary>The rendition's name in URLs ({sessionId}-{Name}/...); defaults to "{Height}p".</summary>
    public string? Name { get; set; }

    internal string EffectiveName => string.IsNullOrWhiteSpace(Name) ? $"{Height}p" : Name;
}
