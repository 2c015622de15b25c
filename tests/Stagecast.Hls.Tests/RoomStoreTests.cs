using System.Text;
using Stagecast.Hls.Tests.Infrastructure;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Hls;

namespace Stagecast.Hls.Tests;

/// <summary>The registry side of the packager: sessions per room, audio-only streams, recording failures.</summary>
public sealed class RoomStoreTests
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task OpeningARoomAgain_EndsThePreviousSession()
    {
        var store = new HlsRoomStore(new HlsOptions { RecordingEnabled = false });
        var first = store.OpenSession("room");
        var second = (HlsLiveSession)((ILiveOutputFactory)store).Open("room");

        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.True(first.Snapshot.Ended);
        Assert.True(first.Ended.IsCompleted);
        Assert.False(second.Snapshot.Ended);
        Assert.Same(second, store.GetSession("room"));

        // The old session's paths no longer resolve to the live one.
        var old = await store.GetAsync("room", $"{first.SessionId}/live.m3u8", null, null, default);
        Assert.Equal(HlsStatus.NotFound, old.Status);
    }

    [Fact]
    public void AudioOnlyStream_StartsAfterASecond_AndCutsByTime()
    {
        var session = new HlsLiveSession("room", "s1", new HlsOptions { RecordingEnabled = false }, null);
        session.OnTrackConfig(new TrackConfig(2, MediaCodec.Opus, 48_000, default, default, 0, 0, 2, 48_000, default));
        for (var i = 0; i < 50 * 8; i++)
        {
            session.OnAccessUnit(new AccessUnit(2, 1000 + i * 960L, true, new byte[] { 0xFC, 1, 2, 3 }, Origin.AddSeconds(i / 50.0)));
        }

        Assert.True(session.TryGetResource("init1.mp4", out var init));
        var moov = BoxReader.Read(init)[1];
        Assert.Single(moov.All("trak"));
        var multivariant = Encoding.UTF8.GetString(session.TryGetMultivariant("s1/live.m3u8")!);
        Assert.Contains("CODECS=\"opus\"", multivariant);
        Assert.DoesNotContain("RESOLUTION", multivariant);

        var lines = Encoding.UTF8.GetString(session.Snapshot.Playlist).Split('\n');
        var durations = lines.Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, durations.Length); // 7 s of audio after the first second
        Assert.All(durations, d => Assert.Equal("#EXTINF:2.00000,", d));
        Assert.Contains("#EXT-X-PROGRAM-DATE-TIME:2026-11-27T20:00:01.000Z", lines);
    }

    [Fact]
    public void UnwritableRecordingDirectory_KeepsTheLiveGoing()
    {
        var store = new HlsRoomStore(new HlsOptions { RecordingDirectory = "/dev/null/recordings" });
        var session = store.OpenSession("room");
        Assert.Null(session.RecordingDirectory);
        Feeder.FeedAll(session, TestMedia.Clip(640, 360, 4), Origin);
        Assert.True(session.TryGetResource("seg0.m4s", out _));
        session.OnEnd();
        Assert.True(session.RecordingCompleted.IsCompleted);
    }

    [Fact]
    public void LateAudioTrack_GetsANewInitSegment_AfterADiscontinuity()
    {
        var clip = TestMedia.Clip(640, 360, 4);
        var session = new HlsLiveSession("room", "s1", new HlsOptions { RecordingEnabled = false }, null);
        session.OnTrackConfig(Feeder.VideoConfig(clip));
        var units = Feeder.Units(clip, Origin, 0).ToList();
        var half = units.Count / 2;
        foreach (var (_, unit) in units.Take(half).Where(u => u.Unit.TrackId == 1)) session.OnAccessUnit(unit);
        session.OnTrackConfig(Feeder.AudioConfig(clip));
        foreach (var (_, unit) in units.Skip(half)) session.OnAccessUnit(unit);
        session.OnEnd();

        var playlist = Encoding.UTF8.GetString(session.Snapshot.Playlist);
        Assert.Contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init2.mp4\"", playlist);
        Assert.True(session.TryGetResource("init1.mp4", out var init1));
        Assert.True(session.TryGetResource("init2.mp4", out var init2));
        Assert.Single(BoxReader.Read(init1)[1].All("trak"));
        Assert.Equal(2, BoxReader.Read(init2)[1].All("trak").Count());
    }

    [Fact]
    public void AudioAnnouncedAFewFramesAfterTheFirstKeyframe_IsInTheFirstInitSegment()
    {
        // A browser publisher's audio track is known a few video frames after the first keyframe.
        var clip = TestMedia.Clip(640, 360, 4);
        var session = new HlsLiveSession("room", "s1", new HlsOptions { RecordingEnabled = false }, null);
        session.OnTrackConfig(Feeder.VideoConfig(clip));
        var units = Feeder.Units(clip, Origin, 0).ToList();
        var video = units.Where(u => u.Unit.TrackId == 1).Take(3).Select(u => u.Unit).ToList();
        foreach (var unit in video) session.OnAccessUnit(unit);
        Assert.Empty(session.Snapshot.Playlist);

        session.OnTrackConfig(Feeder.AudioConfig(clip));
        foreach (var (_, unit) in units.Where(u => !video.Contains(u.Unit))) session.OnAccessUnit(unit);
        session.OnEnd();

        var playlist = Encoding.UTF8.GetString(session.Snapshot.Playlist);
        Assert.DoesNotContain("#EXT-X-DISCONTINUITY", playlist);
        Assert.True(session.TryGetResource("init1.mp4", out var init1));
        Assert.False(session.TryGetResource("init2.mp4", out _));
        Assert.Equal(2, BoxReader.Read(init1)[1].All("trak").Count());

        // The held frames were not lost: the first segment starts at the first keyframe (decode time 0).
        Assert.True(session.TryGetResource("seg0.m4s", out var seg0));
        var traf = BoxReader.Read(seg0)[0].All("traf").First(t => t.Child("tfhd").U32(4) == 1);
        Assert.Equal(0UL, traf.Child("tfdt").U64(4));
    }
}
