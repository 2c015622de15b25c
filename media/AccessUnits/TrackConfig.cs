namespace Stagecast.Media.AccessUnits;

/// <summary>
/// What a packager needs to write an init segment for one track. Sent before the first access unit
/// of the track and again whenever it changes (a new SPS means a new init segment and a discontinuity).
/// </summary>
/// <param name="TrackId">Stable per session: 1 = video, 2 = audio.</param>
/// <param name="Codec">The track's codec.</param>
/// <param name="ClockRate">Timestamp units per second (90,000 for H.264, 48,000 for Opus).</param>
/// <param name="Sps">H.264 sequence parameter set, NAL header included, no start code. Empty for audio.</param>
/// <param name="Pps">H.264 picture parameter set, NAL header included, no start code. Empty for audio.</param>
/// <param name="Width">Coded width in pixels from the SPS (0 for audio).</param>
/// <param name="Height">Coded height in pixels from the SPS (0 for audio).</param>
/// <param name="Channels">Audio channel count (0 for video).</param>
/// <param name="SampleRate">Audio sample rate in Hz (0 for video). Opus is always 48,000.</param>
/// <param name="AudioSpecificConfig">AAC AudioSpecificConfig (empty otherwise).</param>
public sealed record TrackConfig(
    int TrackId,
    MediaCodec Codec,
    int ClockRate,
    ReadOnlyMemory<byte> Sps,
    ReadOnlyMemory<byte> Pps,
    int Width,
    int Height,
    int Channels,
    int SampleRate,
    ReadOnlyMemory<byte> AudioSpecificConfig)
{
    public bool IsVideo => Codec == MediaCodec.H264;
}
