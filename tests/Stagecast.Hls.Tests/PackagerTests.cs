using System.Globalization;
using System.Text;
using Stagecast.Hls.Tests.Infrastructure;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Hls;
using Stagecast.Media.Mp4;

namespace Stagecast.Hls.Tests;

/// <summary>Reads back what the packager wrote, box by box (ISO/IEC 14496-12, CMAF).</summary>
public sealed class PackagerTests
{
    // A baseline SPS (profile 66, constraint 0xC0, level 30); the packager copies it, never decodes it.
    private static readonly byte[] Sps = [0x67, 0x42, 0xC0, 0x1E, 0xDA, 0x02, 0x80, 0xBF, 0xE5, 0x84];
    private static readonly byte[] Pps = [0x68, 0xCE, 0x3C, 0x80];
    private static readonly DateTimeOffset Origin = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);

    private static HlsOptions Options() => new() { RecordingEnabled = false, WindowSegments = 100 };

    /// <summary>Synthetic 30 fps video (keyframe every <paramref name="keyframeEvery"/> frames) and 20 ms audio for the given seconds.</summary>
    private static (int Video, int Audio) FeedSynthetic(IAccessUnitSink sink, double seconds, int videoBytes = 1000, Func<int, double>? videoCaptureShift = null, Func<int, long>? audioTimestampSkip = null, int keyframeEvery = 60)
    {
        sink.OnTrackConfig(new TrackConfig(1, MediaCodec.H264, 90_000, Sps, Pps, 640, 360, 0, 0, default));
        sink.OnTrackConfig(new TrackConfig(2, MediaCodec.Opus, 48_000, default, default, 0, 0, 2, 48_000, default));
        var frames = (int)(seconds * 30);
        var packets = (int)(seconds * 50);
        var units = new List<(double At, AccessUnit Unit)>();
        for (var i = 0; i < frames; i++)
        {
            var data = new byte[videoBytes];
            data[4] = (byte)(i % keyframeEvery == 0 ? 0x65 : 0x41);
            data[5] = (byte)i;
            var capture = Origin.AddSeconds(i / 30.0 + (videoCaptureShift?.Invoke(i) ?? 0));
            units.Add((i / 30.0, new AccessUnit(1, 5_000 + i * 3000L, i % keyframeEvery == 0, data, capture)));
        }

        for (var i = 0; i < packets; i++)
        {
            units.Add((i / 50.0, new AccessUnit(2, 70_000 + i * 960L + (audioTimestampSkip?.Invoke(i) ?? 0), true, new byte[] { 0xFC, (byte)i, 1, 2 }, Origin.AddSeconds(i / 50.0))));
        }

        foreach (var (_, unit) in units.OrderBy(u => u.At).ThenBy(u => u.Unit.TrackId))
        {
            sink.OnAccessUnit(unit);
        }

        return (frames, packets);
    }

    [Fact]
    public void InitSegment_HasCmafLayout_WithAvcCFromSpsAndDOps()
    {
        var session = new HlsLiveSession("room", "s1", Options(), null);
        FeedSynthetic(session, 1);
        Assert.True(session.TryGetResource("init1.mp4", out var init));

        var boxes = BoxReader.Read(init);
        Assert.Equal(["ftyp", "moov"], boxes.Select(b => b.Type));
        var moov = boxes[1];
        Assert.Equal(["mvhd", "trak", "trak", "mvex"], moov.Children.Select(b => b.Type));

        var video = moov.All("trak").First();
        Assert.Equal(1u, video.Child("tkhd").U32(12));
        Assert.Equal(640u << 16, video.Child("tkhd").U32(4 + 72));
        Assert.Equal(90_000u, video.Path("mdia/mdhd").U32(12));
        Assert.Equal("vide", Encoding.ASCII.GetString(video.Path("mdia/hdlr").Payload.Span.Slice(8, 4)));
        var avc1 = video.Path("mdia/minf/stbl/stsd/avc1");
        Assert.Equal((ushort)640, avc1.U16(24));
        Assert.Equal((ushort)360, avc1.U16(26));
        var avcC = avc1.Child("avcC").Payload.Span;
        Assert.Equal([1, 0x42, 0xC0, 0x1E, 0xFF, 0xE1], avcC[..6].ToArray());
        Assert.Equal(Sps.Length, (avcC[6] << 8) | avcC[7]);
        Assert.Equal(Sps, avcC.Slice(8, Sps.Length).ToArray());
        Assert.Equal(Pps, avcC.Slice(8 + Sps.Length + 3, Pps.Length).ToArray());
        foreach (var empty in new[] { "stts", "stsc", "stco" })
        {
            Assert.Equal(0u, video.Path($"mdia/minf/stbl/{empty}").U32(4));
        }

        var audio = moov.All("trak").Last();
        Assert.Equal(48_000u, audio.Path("mdia/mdhd").U32(12));
        var opus = audio.Path("mdia/minf/stbl/stsd/Opus");
        Assert.Equal((ushort)2, opus.U16(16));
        var dOps = opus.Child("dOps").Payload.Span;
        Assert.Equal(0, dOps[0]);
        Assert.Equal(2, dOps[1]);
        Assert.Equal(11, dOps.Length);

        var trex = moov.Child("mvex").All("trex").Select(t => t.U32(4)).ToArray();
        Assert.Equal([1u, 2u], trex);
    }

    [Fact]
    public void Segments_AreCutAtKeyframes_WithPartsUnderTarget_AndContinuousDecodeTimes()
    {
        var session = new HlsLiveSession("room", "s1", Options(), null);
        var (frames, packets) = FeedSynthetic(session, 7);
        session.OnEnd();

        var playlist = Encoding.UTF8.GetString(session.Snapshot.Playlist);
        var segmentCount = playlist.Split('\n').Count(l => l.StartsWith("seg", StringComparison.Ordinal));
        Assert.Equal(4, segmentCount); // 2 + 2 + 2 + 1 s

        var nextDecode = new Dictionary<uint, ulong>();
        var samples = new Dictionary<uint, int>();
        var expectedSequence = 1u;
        for (var msn = 0; msn < segmentCount; msn++)
        {
            Assert.True(session.TryGetResource($"seg{msn}.m4s", out var segment));
            var boxes = BoxReader.Read(segment);
            Assert.True(boxes.Count >= 2 && boxes.Count % 2 == 0);
            var segmentVideoTicks = 0L;
            for (var f = 0; f < boxes.Count; f += 2)
            {
                var moof = boxes[f];
                var mdat = boxes[f + 1];
                Assert.Equal("moof", moof.Type);
                Assert.Equal("mdat", mdat.Type);
                Assert.Equal(expectedSequence++, moof.Child("mfhd").U32(4));

                var partVideoTicks = 0L;
                var dataEnd = 0;
                foreach (var traf in moof.All("traf"))
                {
                    var trackId = traf.Child("tfhd").U32(4);
                    Assert.Equal(0x020000u, traf.Child("tfhd").Flags);
                    var tfdt = traf.Child("tfdt");
                    Assert.Equal(1, tfdt.Version);
                    var baseTime = tfdt.U64(4);
                    if (nextDecode.TryGetValue(trackId, out var expected)) Assert.Equal(expected, baseTime);

                    var run = BoxReader.Samples(traf.Child("trun"), out var dataOffset);
                    Assert.Equal(mdat.Offset + 8 + dataEnd - moof.Offset, dataOffset);
                    dataEnd += (int)run.Sum(s => s.Size);
                    nextDecode[trackId] = baseTime + (ulong)run.Sum(s => s.Duration);
                    samples[trackId] = samples.GetValueOrDefault(trackId) + run.Count;
                    if (trackId == 1)
                    {
                        Assert.All(run, s => Assert.Equal(3000u, s.Duration));
                        Assert.All(run, s => Assert.Equal(1000u, s.Size));
                        partVideoTicks = run.Sum(s => s.Duration);
                        if (f == 0) Assert.Equal(FragmentWriter.SyncSampleFlags, run[0].Flags);
                        Assert.All(run.Skip(1), s => Assert.Equal(FragmentWriter.NonSyncSampleFlags, s.Flags));
                    }
                    else
                    {
                        Assert.All(run, s => Assert.Equal(960u, s.Duration));
                        Assert.All(run, s => Assert.Equal(FragmentWriter.SyncSampleFlags, s.Flags));
                    }
                }

                Assert.Equal(mdat.Size - 8, dataEnd);
                Assert.InRange(partVideoTicks / 90_000.0, 0.01, 0.334);
                segmentVideoTicks += partVideoTicks;
            }

            if (msn < 3) Assert.Equal(2.0, segmentVideoTicks / 90_000.0, 3);
        }

        Assert.Equal(frames, samples[1]);
        Assert.Equal(packets, samples[2]);
    }

    [Fact]
    public void KeyframesLandingJustBeforeTheTarget_StillCutSegments_SoTheTargetDurationNeverGrows()
    {
        // A PLI every 2 s brings keyframes a little before or after 2 s; here every 58 frames (1.93 s). Cutting only at
        // 2 s made every such keyframe wait for the next one: 3.9 s segments and EXT-X-TARGETDURATION rising to 4
        // mid-stream, after which hls.js stalled for about 6 s (docs/hls.md, "The 10-minute run").
        var session = new HlsLiveSession("room", "s1", Options(), null);
        FeedSynthetic(session, 12, keyframeEvery: 58);
        session.OnEnd();

        var playlist = Encoding.UTF8.GetString(session.Snapshot.Playlist);
        var durations = playlist.Split('\n')
            .Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
            .Select(l => double.Parse(l["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(7, durations.Count); // six of 58 frames, then the rest
        Assert.All(durations.SkipLast(1), d => Assert.Equal(58 / 30.0, d, 3));
        Assert.Contains("#EXT-X-TARGETDURATION:2\n", playlist, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 16's LL-HLS stall (docs/hls.md, "The stall: found"): a keyframe one frame after a part cut ends the segment
    /// with a 33 ms last part. If the playlist listing the segment as complete reached hls.js 1.7 while the part before
    /// was appending, hls.js took the segment as buffered (0.2 s padding), never loaded the short part, and loaded
    /// nothing for the 6 s until the segment's parts left the playlist. A segment is now listed as complete only
    /// together with the next segment's first part, so its last part is always loadable as a part of an open segment.
    /// </summary>
    [Fact]
    public void ASegment_IsListedComplete_OnlyWithTheNextSegmentsFirstPart()
    {
        var session = new HlsLiveSession("room", "s1", Options(), null);
        var before = new HashSet<string>(StringComparer.Ordinal);
        var completions = 0;
        void Check()
        {
            var lines = Encoding.UTF8.GetString(session.Snapshot.Playlist).Split('\n');
            foreach (var segment in lines.Where(l => l.StartsWith("seg", StringComparison.Ordinal) && !before.Contains(l)))
            {
                var msn = long.Parse(segment["seg".Length..segment.IndexOf('.', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                Assert.Contains(lines, l => l.Contains($"URI=\"part{msn + 1}.0.m4s\"", StringComparison.Ordinal) && l.StartsWith("#EXT-X-PART:", StringComparison.Ordinal));
                Assert.False(session.Snapshot.Has(msn + 1, 1));
                Assert.True(session.Snapshot.Has(msn, null));
                before.Add(segment);
                completions++;
            }
        }

        // Keyframes every 61 frames: one frame after the sixth part cut of each 2 s segment, so every segment ends
        // with a one-frame part, the shape that stalled.
        session.OnTrackConfig(new TrackConfig(1, MediaCodec.H264, 90_000, Sps, Pps, 640, 360, 0, 0, default));
        for (var i = 0; i < 30 * 9; i++)
        {
            var data = new byte[800];
            var key = i % 61 == 0;
            data[4] = (byte)(key ? 0x65 : 0x41);
            session.OnAccessUnit(new AccessUnit(1, 5_000 + i * 3000L, key, data, Origin.AddSeconds(i / 30.0)));
            Check();
            if (key && i > 0)
            {
                // Right after the keyframe closed the segment: its last, one-frame part is listed, the segment is not
                // complete yet, and a blocking request for the next segment's first part still waits.
                var lines = Encoding.UTF8.GetString(session.Snapshot.Playlist).Split('\n');
                var closed = i / 61 - 1;
                Assert.DoesNotContain($"seg{closed}.m4s", lines);
                Assert.Contains(lines, l => l.StartsWith("#EXT-X-PART:DURATION=0.03333,", StringComparison.Ordinal) && l.Contains($"part{closed}.", StringComparison.Ordinal));
                Assert.True(session.Snapshot.Has(closed, 6));
                Assert.False(session.Snapshot.Has(closed + 1, 0));
            }
        }

        Assert.True(completions >= 3, $"{completions} segments completed");
        session.OnEnd();
        var ended = Encoding.UTF8.GetString(session.Snapshot.Playlist);
        Assert.Contains("seg4.m4s", ended, StringComparison.Ordinal);
    }

    [Fact]
    public void LivePlaylist_HasLowLatencyTags_PartsAndPreloadHint()
    {
        var session = new HlsLiveSession("room", "s1", Options(), null);
        FeedSynthetic(session, 5);
        var lines = Encoding.UTF8.GetString(session.Snapshot.Playlist).Split('\n');

        Assert.Equal("#EXTM3U", lines[0]);
        Assert.Contains("#EXT-X-VERSION:9", lines);
        Assert.Contains("#EXT-X-TARGETDURATION:2", lines);
        Assert.Contains("#EXT-X-PART-INF:PART-TARGET=0.334", lines);
        Assert.Contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12,PART-HOLD-BACK=1.002,HOLD-BACK=6", lines);
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:0", lines);
        Assert.Contains("#EXT-X-MAP:URI=\"init1.mp4\"", lines);
        Assert.Contains("#EXT-X-PROGRAM-DATE-TIME:2026-11-27T20:00:00.000Z", lines);
        Assert.Contains("#EXT-X-PROGRAM-DATE-TIME:2026-11-27T20:00:02.000Z", lines);
        Assert.Contains("#EXT-X-PART:DURATION=0.33333,URI=\"part0.0.m4s\",INDEPENDENT=YES", lines);
        Assert.Contains("#EXT-X-PART:DURATION=0.33333,URI=\"part0.1.m4s\"", lines);
        Assert.Contains("#EXTINF:2.00000,", lines);
        Assert.Contains("seg1.m4s", lines);
        Assert.DoesNotContain("seg2.m4s", lines);
        Assert.StartsWith("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part2.", lines.Last(l => l.Length > 0), StringComparison.Ordinal);
        Assert.DoesNotContain("#EXT-X-ENDLIST", lines);

        var snapshot = session.Snapshot;
        Assert.Equal(1, snapshot.LastCompleteMsn);
        Assert.Equal(2, snapshot.OpenMsn);
        Assert.True(snapshot.Has(2, snapshot.OpenParts - 1));
        Assert.False(snapshot.Has(2, snapshot.OpenParts));

        session.OnEnd();
        lines = Encoding.UTF8.GetString(session.Snapshot.Playlist).Split('\n');
        Assert.Contains("#EXT-X-ENDLIST", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("#EXT-X-PRELOAD-HINT", StringComparison.Ordinal));
    }

    /// <summary>
    /// Issue 16's LL-HLS stall: capture times off the wire are the receive time until the first RTCP sender report,
    /// then the SR's mapping with its jitter, so a PDT taken from each keyframe's capture time wandered up to 255 ms
    /// from the media timeline, and hls.js, which aligns playlists by PDT, placed parts where their media is not.
    /// Each segment's PDT must be the first one's plus the EXTINFs before it.
    /// </summary>
    [Fact]
    public void ProgramDateTime_FollowsTheMediaTimeline_WhenCaptureTimesJitter()
    {
        var session = new HlsLiveSession("room", "s1", Options(), null);
        FeedSynthetic(session, 20, videoCaptureShift: i => i == 0 ? 0.25 : (i % 7) * 0.013);
        session.OnEnd();
        var lines = Encoding.UTF8.GetString(session.Snapshot.Playlist).Split('\n');

        var pdts = lines.Where(l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal))
            .Select(l => DateTimeOffset.Parse(l["#EXT-X-PROGRAM-DATE-TIME:".Length..], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        var durations = lines.Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
            .Select(l => double.Parse(l["#EXTINF:".Length..^1], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(pdts.Count >= 9, $"{pdts.Count} segments");
        Assert.Equal(Origin.AddSeconds(0.25), pdts[0]);
        var elapsed = 0.0;
        for (var k = 1; k < pdts.Count; k++)
        {
            elapsed += durations[k - 1];
            Assert.InRange((pdts[k] - pdts[0]).TotalSeconds - elapsed, -0.0015, 0.0015);
        }
    }

    /// <summary>
    /// Issue 16's remaining LL-HLS stall: a publisher's audio clock that skips under load (Chromium's capture thread
    /// starved) makes the Opus RTP timestamps jump 140 ms past the previous packet's 20 ms. The packager made that
    /// packet one 160 ms sample: no hole in any fragment, but its decoder plays 20 ms, the browser's audio runs out
    /// 140 ms before the buffered end, and hls.js jumps a "hole" (bufferSeekOverHole) once per skip. The gap must be
    /// filled with silent frames, every sample lasting what it decodes to, at the media time the timestamps say.
    /// </summary>
    [Fact]
    public void OpusTimestampSkips_AreFilledWithSilence_SoNoSampleOutlastsItsAudio()
    {
        var session = new HlsLiveSession("room", "s1", Options(), null);
        const long skip = 7 * 960; // 140 ms
        FeedSynthetic(session, 12, audioTimestampSkip: i => i / 150 * skip);
        session.OnEnd();

        var timeline = new MediaTimeline();
        Assert.True(session.TryGetResource("init1.mp4", out var init));
        timeline.AddInit(init);
        for (var msn = 0L; msn <= session.Snapshot.LastCompleteMsn; msn++)
        {
            Assert.True(session.TryGetResource($"seg{msn}.m4s", out var segment));
            timeline.AddMedia(segment);
        }

        Assert.Empty(timeline.StretchedSamples(2));
        Assert.Empty(timeline.Discontinuities(2));

        // The skipped time is still there: 3 skips of 140 ms over 12 s, so the audio spans 12.42 s of media time
        // (minus the packets before the first keyframe), in 20 ms samples: 7 silent frames per skip.
        var (start, end) = timeline.Extent(2);
        Assert.Equal(12 + 3 * 0.14 - start, end - start, 3);
        Assert.Equal((int)Math.Round((end - start) / 0.02), timeline.SampleCount(2));
    }

    [Theory]
    [InlineData(new byte[] { 0xFC, 1, 2 }, 960)] // CELT FB 20 ms, one frame
    [InlineData(new byte[] { 0x78, 1 }, 960)] // config 15, hybrid FB 20 ms
    [InlineData(new byte[] { 0x09, 1 }, 1920)] // config 1, SILK NB 20 ms, code 1: two frames
    [InlineData(new byte[] { 0x1C, 1 }, 2880)] // config 3, SILK NB 60 ms
    [InlineData(new byte[] { 0xFB, 0x03 }, 2880)] // config 31, CELT FB 20 ms, code 3 with three frames
    [InlineData(new byte[] { 0x83 }, 0)] // code 3 without its frame count byte
    [InlineData(new byte[0], 0)]
    public void OpusPacket_Samples_FollowTheTocByte(byte[] packet, int samples) =>
        Assert.Equal(samples, Stagecast.Media.Opus.OpusPacket.Samples(packet));

    [Fact]
    public void Window_Slides_AndEvictsOldSegments()
    {
        var options = Options();
        options.WindowSegments = 3;
        options.PartListedSegments = 2;
        var session = new HlsLiveSession("room", "s1", options, null);
        FeedSynthetic(session, 12.5); // past the first part of segment 6, which completes segment 5 in the playlist
        var lines = Encoding.UTF8.GetString(session.Snapshot.Playlist).Split('\n');
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:3", lines);
        Assert.Equal(3, lines.Count(l => l.StartsWith("#EXTINF", StringComparison.Ordinal)));
        Assert.False(session.TryGetResource("seg2.m4s", out _));
        Assert.False(session.TryGetResource("part2.0.m4s", out _));
        Assert.True(session.TryGetResource("seg3.m4s", out _));

        // Parts are listed only for the newest PartListedSegments complete segments.
        Assert.DoesNotContain(lines, l => l.Contains("part3.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("part4.0.m4s", StringComparison.Ordinal));
    }

    [Fact]
    public void VideoBeforeTheFirstKeyframe_IsDropped_AndAudioWaitsForIt()
    {
        var session = new HlsLiveSession("room", "s1", Options(), null);
        session.OnTrackConfig(new TrackConfig(1, MediaCodec.H264, 90_000, Sps, Pps, 640, 360, 0, 0, default));
        session.OnTrackConfig(new TrackConfig(2, MediaCodec.Opus, 48_000, default, default, 0, 0, 2, 48_000, default));
        session.OnAccessUnit(new AccessUnit(1, 0, false, new byte[10], Origin));
        session.OnAccessUnit(new AccessUnit(2, 0, true, new byte[10], Origin));
        Assert.Empty(session.Snapshot.Playlist);
        Assert.False(session.TryGetResource("init1.mp4", out _));

        session.OnAccessUnit(new AccessUnit(1, 3000, true, new byte[10], Origin.AddSeconds(1 / 30.0)));
        Assert.True(session.TryGetResource("init1.mp4", out _));
    }

    [Fact]
    public void CodecStrings_FollowRfc6381()
    {
        Assert.Equal("avc1.42c01e", HlsCodecs.Of(new TrackConfig(1, MediaCodec.H264, 90_000, Sps, Pps, 640, 360, 0, 0, default)));
        Assert.Equal("opus", HlsCodecs.Of(new TrackConfig(2, MediaCodec.Opus, 48_000, default, default, 0, 0, 2, 48_000, default)));
        Assert.Equal("mp4a.40.2", HlsCodecs.Of(new TrackConfig(2, MediaCodec.Aac, 48_000, default, default, 0, 0, 2, 48_000, new byte[] { 0x11, 0x90 })));
    }

    [Fact]
    public void AacTrack_GetsMp4aWithEsds()
    {
        var init = InitSegmentWriter.Write([new TrackConfig(2, MediaCodec.Aac, 48_000, default, default, 0, 0, 2, 48_000, new byte[] { 0x11, 0x90 })]);
        var mp4a = BoxReader.Read(init)[1].Path("trak/mdia/minf/stbl/stsd/mp4a");
        var esds = mp4a.Child("esds").Payload.Span;
        Assert.Equal(0x03, esds[4]);
        Assert.Equal(esds.Length - 6, esds[5]);
        Assert.Equal([0x05, 0x02, 0x11, 0x90], esds.Slice(esds.Length - 7, 4).ToArray());
    }

    [Fact]
    public async Task DeltaUpdate_SkipsSegmentsBeyondCanSkipUntil()
    {
        var store = new HlsRoomStore(Options());
        var session = store.OpenSession("room");
        FeedSynthetic(session, 30.5); // 15 complete 2 s segments and an open one
        var full = Encoding.UTF8.GetString(session.Snapshot.Playlist);
        Assert.Contains("CAN-SKIP-UNTIL=12,", full);

        var response = await store.GetAsync("room", $"{session.SessionId}/live.m3u8", null, null, "YES", default);
        Assert.Equal(HlsStatus.Ok, response.Status);
        var delta = Encoding.UTF8.GetString(response.Body.Span);

        // The playlist spans 30.5 s; segments ending at or before 30.5 - 12 = 18.5 s (seg0..seg8) are skipped.
        Assert.Contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=9\n", delta);
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:0\n", delta);
        Assert.DoesNotContain("seg8.m4s", delta);
        Assert.Contains("\nseg9.m4s\n", delta);
        Assert.Contains("#EXT-X-MAP:URI=\"init1.mp4\"", delta);

        // Everything after the skip tag is the full playlist's tail, in order.
        var fullSegments = full.Split('\n').Where(l => l.StartsWith("seg", StringComparison.Ordinal)).ToArray();
        var deltaSegments = delta.Split('\n').Where(l => l.StartsWith("seg", StringComparison.Ordinal)).ToArray();
        Assert.Equal(fullSegments.Skip(9), deltaSegments);
        Assert.Equal(full[full.IndexOf("#EXT-X-PROGRAM-DATE-TIME:2026-11-27T20:00:18", StringComparison.Ordinal)..], delta[delta.IndexOf("#EXT-X-PROGRAM-DATE-TIME", StringComparison.Ordinal)..]);

        // v2 is accepted (there are no date ranges to skip); anything else is a 400; without it the full playlist.
        Assert.Equal(delta, Encoding.UTF8.GetString((await store.GetAsync("room", $"{session.SessionId}/live.m3u8", null, null, "v2", default)).Body.Span));
        Assert.Equal(HlsStatus.BadRequest, (await store.GetAsync("room", $"{session.SessionId}/live.m3u8", null, null, "NO", default)).Status);
        Assert.Equal(full, Encoding.UTF8.GetString((await store.GetAsync("room", $"{session.SessionId}/live.m3u8", null, null, null, default)).Body.Span));

        // A short live has nothing to skip: the full playlist answers.
        var young = store.OpenSession("young");
        FeedSynthetic(young, 9);
        var answer = await store.GetAsync("young", $"{young.SessionId}/live.m3u8", null, null, "YES", default);
        Assert.DoesNotContain("EXT-X-SKIP", Encoding.UTF8.GetString(answer.Body.Span));

        // Ended: no CAN-SKIP-UNTIL any more.
        session.OnEnd();
        Assert.DoesNotContain("CAN-SKIP-UNTIL", Encoding.UTF8.GetString(session.Snapshot.Playlist));
    }
}
