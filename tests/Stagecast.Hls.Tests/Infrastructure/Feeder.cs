using System.Diagnostics;
using Stagecast.Media.AccessUnits;

namespace Stagecast.Hls.Tests.Infrastructure;

/// <summary>Hands a clip to a sink the way the WHIP ingest does: configs first, then units interleaved by time.</summary>
public static class Feeder
{
    public static TrackConfig VideoConfig(TestClip clip) =>
        new(1, MediaCodec.H264, 90_000, clip.Sps, clip.Pps, clip.Width, clip.Height, 0, 0, default);

    public static TrackConfig AudioConfig(TestClip clip) =>
        new(2, MediaCodec.Opus, 48_000, default, default, 0, 0, clip.Channels, 48_000, default);

    /// <summary>
    /// The clip's units in send order, starting at <paramref name="startSeconds"/> of the session. RTP-like
    /// timestamps start at arbitrary values, as they do off the wire.
    /// </summary>
    public static IEnumerable<(double At, AccessUnit Unit)> Units(TestClip clip, DateTimeOffset origin, double startSeconds)
    {
        const long videoBase = 1_234_567;
        const long audioBase = 987_654;
        var startVideo = (long)Math.Round(startSeconds * 90_000);
        var startAudio = (long)Math.Round(startSeconds * 48_000);
        var units = new List<(double, AccessUnit)>();
        for (var i = 0; i < clip.Frames.Count; i++)
        {
            var at = startSeconds + i / 30.0;
            var frame = clip.Frames[i];
            units.Add((at, new AccessUnit(1, videoBase + startVideo + (long)i * TestClip.FrameTicks, frame.IsKeyframe, frame.Avcc, origin.AddSeconds(at))));
        }

        long samples = 0;
        foreach (var packet in clip.Audio)
        {
            var at = startSeconds + samples / 48_000.0;
            units.Add((at, new AccessUnit(2, audioBase + startAudio + samples, true, packet.Data, origin.AddSeconds(at))));
            samples += packet.Samples;
        }

        return units.OrderBy(u => u.Item1).ThenBy(u => u.Item2.TrackId);
    }

    /// <summary>Everything at once (no pacing): for packaging tests.</summary>
    public static void FeedAll(IAccessUnitSink sink, TestClip clip, DateTimeOffset origin, double startSeconds = 0, bool configs = true)
    {
        if (configs)
        {
            sink.OnTrackConfig(VideoConfig(clip));
            sink.OnTrackConfig(AudioConfig(clip));
        }

        foreach (var (_, unit) in Units(clip, origin, startSeconds))
        {
            sink.OnAccessUnit(unit);
        }
    }

    /// <summary>In real time, looping the clip until cancelled: a live publisher.</summary>
    public static async Task FeedLiveAsync(IAccessUnitSink sink, TestClip clip, CancellationToken cancellationToken)
    {
        sink.OnTrackConfig(VideoConfig(clip));
        sink.OnTrackConfig(AudioConfig(clip));
        var origin = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var clipSeconds = clip.Frames.Count / 30.0;
        try
        {
            for (var loop = 0; !cancellationToken.IsCancellationRequested; loop++)
            {
                foreach (var (at, unit) in Units(clip, origin, loop * clipSeconds))
                {
                    var wait = at - clock.Elapsed.TotalSeconds;
                    if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
                    sink.OnAccessUnit(unit);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
