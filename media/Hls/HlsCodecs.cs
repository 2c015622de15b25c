using Stagecast.Media.AccessUnits;

namespace Stagecast.Media.Hls;

/// <summary>RFC 6381 codec strings for the CODECS attribute of EXT-X-STREAM-INF.</summary>
public static class HlsCodecs
{
    /// <summary>"avc1.PPCCLL" from profile_idc, the constraint flags and level_idc: SPS bytes 1 to 3.</summary>
    public static string Of(TrackConfig track) => track.Codec switch
    {
        MediaCodec.H264 when track.Sps.Length >= 4 =>
            $"avc1.{track.Sps.Span[1]:x2}{track.Sps.Span[2]:x2}{track.Sps.Span[3]:x2}",
        MediaCodec.H264 => "avc1.42e01f",
        MediaCodec.Opus => "opus",
        // The audio object type is the first five bits of the AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1).
        MediaCodec.Aac when track.AudioSpecificConfig.Length > 0 => $"mp4a.40.{track.AudioSpecificConfig.Span[0] >> 3}",
        MediaCodec.Aac => "mp4a.40.2",
        _ => throw new NotSupportedException($"No codec string for {track.Codec}."),
    };
}
