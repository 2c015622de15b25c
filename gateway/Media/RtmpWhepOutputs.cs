using System.Collections.Concurrent;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Whep;

namespace Stagecast.Gateway.Media;

/// <summary>
/// The live outputs of RTMP sessions: the packager as for WHIP, and beside it an <see cref="AccessUnitRtpFeed"/> that
/// packetizes the video (and, with <paramref name="ffmpegPath"/>, transcodes the AAC to Opus) for the room's WHEP
/// viewers on this gateway, only while the room has a relay, that is viewers. Remembers which rooms' encoders send
/// B-frames: those are not offered in real time (<see cref="SendsBFrames"/>).
/// </summary>
public sealed class RtmpWhepOutputs(ILiveOutputFactory packager, WhipIngest whip, string? ffmpegPath) : ILiveOutputFactory
{
    private readonly ConcurrentDictionary<string, AccessUnitRtpFeed> _feeds = new(StringComparer.Ordinal);

    public IAccessUnitSink Open(string roomId)
    {
        var feed = new AccessUnitRtpFeed(() => whip.RunningServer?.RelayOf(roomId), ffmpegPath);
        _feeds[roomId] = feed;
        return new TeeSink(packager.Open(roomId), new EndNotifier(feed, () => _feeds.TryRemove(new KeyValuePair<string, AccessUnitRtpFeed>(roomId, feed))));
    }

    /// <summary>Whether the room's AAC is being transcoded to Opus now (a WHEP viewer takes audio).</summary>
    public bool TranscodesAudio(string roomId) => _feeds.TryGetValue(roomId, out var feed) && feed.Transcoder is not null;

    /// <summary>Whether the room's current RTMP publisher has sent B-frames (pictures with a composition offset).</summary>
    public bool SendsBFrames(string roomId) => _feeds.TryGetValue(roomId, out var feed) && feed.SawBFrames;

    private sealed class EndNotifier(IAccessUnitSink inner, Action ended) : IAccessUnitSink
    {
        public void OnTrackConfig(TrackConfig config) => inner.OnTrackConfig(config);

        public void OnAccessUnit(in AccessUnit unit) => inner.OnAccessUnit(unit);

        public void OnEnd()
        {
            inner.OnEnd();
            ended();
        }
    }
}
