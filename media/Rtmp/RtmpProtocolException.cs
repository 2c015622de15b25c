namespace Stagecast.Media.Rtmp;

/// <summary>
/// The peer broke the RTMP, AMF0 or FLV rules, or asked for something this server refuses (a limit, an
/// unsupported codec). The only exception the RTMP parsers throw for bad input; the connection is closed.
/// </summary>
public sealed class RtmpProtocolException(string message, bool unsupported = false) : Exception(message)
{
    /// <summary>True when the input was well formed but asks for something not supported (Enhanced RTMP, MP3).</summary>
    public bool Unsupported { get; } = unsupported;
}
