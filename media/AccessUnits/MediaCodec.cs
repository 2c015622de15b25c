namespace Stagecast.Media.AccessUnits;

/// <summary>The codecs the media path carries without transcoding.</summary>
public enum MediaCodec
{
    H264,
    Opus,
    Aac,
}
