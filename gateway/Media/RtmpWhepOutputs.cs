using Stagecast.Media.AccessUnits;
using Stagecast.Media.Whep;

namespace Stagecast.Gateway.Media;

/// <summary>
/// The live outputs of RTMP sessions: the packager as for WHIP, and beside it an <see cref="AccessUnitRtpFeed"/> that
/// packetizes the video (and, with <paramref name="ffmpegPath"/>, transcodes the AAC to Opus) for the room's WHEP
/// viewers on this gateway, only while the room has a relay, that is viewers.
/// </summary>
public sealed class RtmpWhepOutputs(ILiveOutputFactory packager, WhipIngest whip, string? ffmpegPath) : ILiveOutputFactory
{
    public IAccessUnitSink Open(string roomId) =>
        new TeeSink(packager.Open(roomId), new AccessUnitRtpFeed(() => whip.RunningServer?.RelayOf(roomId), ffmpegPath));
}
