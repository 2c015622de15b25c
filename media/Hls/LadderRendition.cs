// Kept whole (about 13 KB): one rung's feeder, reader and restart policy share one lock and the current encoder, whose
// one-in-one-out picture times line rendition segments up with the source's; the ffmpeg process itself is LadderEncoder.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.H264;

namespace Stagecast.Media.Hls;

/// <summary>
/// One rung of the optional ABR ladder: ffmpeg decodes the source H.264 (Annex-B on stdin), scales it and
/// encodes it with libx264 (zerolatency, keyframes forced exactly on the source's keyframes, no scene-cut
/// keyframes), writing Annex-B with access unit delimiters on stdout. Every output picture takes the
/// timestamp and capture time of the input picture it came from (one in, one out, in order), so the
/// rendition's packager cuts its segments on the same pictures as the source's and the segments line up.
/// The source's audio is muxed in unchanged. A crashed ffmpeg is logged and restarted at the next source
/// keyframe (at most <see cref="MaxRestartsPerMinute"/> times a minute); the room's end stops it.
/// </summary>
internal sealed class LadderRendition
{
    private const int MaxRestartsPerMinute = 5;
    private const int InputQueueFrames = 120;

    private readonly object _gate = new();
    private readonly string _roomId;
    private readonly HlsOptions _options;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<DateTimeOffset> _restarts = new();
    private readonly ConcurrentQueue<int> _processIds = new();
    private LadderEncoder? _encoder;
    private TrackConfig? _source;
    private TrackConfig? _audio;
    private TrackConfig? _video;
    private bool _audioAnnounced;
    private bool _ending;
    private bool _stopped;

    public LadderRendition(string roomId, string sessionId, HlsOptions options, HlsLadderRung rung, ILogger logger)
    {
        _roomId = roomId;
        _options = options;
        _logger = logger;
        Rung = rung;
        Session = new HlsLiveSession(roomId, sessionId, options.ForVariant(), recordingDirectory: null, logger)
        {
            NominalBandwidth = (rung.VideoKbps + 128) * 1000L,
        };
    }

    public HlsLadderRung Rung { get; }

    /// <summary>The rendition's packager, served as its own session id beside the source's.</summary>
    public HlsLiveSession Session { get; }

    /// <summary>Completes when the last ffmpeg has drained and the rendition has ended.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Every ffmpeg process id this rendition started, oldest first.</summary>
    public IReadOnlyCollection<int> ProcessIds => _processIds;

    public void OnSourceVideoConfig(TrackConfig config)
    {
        lock (_gate)
        {
            var changed = _source is not null && (_source.Width != config.Width || _source.Height != config.Height
                || !_source.Sps.Span.SequenceEqual(config.Sps.Span) || !_source.Pps.Span.SequenceEqual(config.Pps.Span));
            _source = config;
            if (changed && _encoder is { } old)
            {
                // A new source resolution: a fresh encoder from the next keyframe (the packager sees its new SPS).
                old.Retiring = true;
                old.Kill();
                _encoder = null;
            }
        }
    }

    public void OnAudioConfig(TrackConfig config)
    {
        lock (_gate)
        {
            _audio = config;
            if (_video is not null)
            {
                Session.OnTrackConfig(config);
                _audioAnnounced = true;
            }
        }
    }

    public void OnAudioUnit(in AccessUnit unit)
    {
        lock (_gate)
        {
            // Audio before the rendition's first picture has nothing to attach to.
            if (_audioAnnounced) Session.OnAccessUnit(unit);
        }
    }

    /// <summary>Queues one source picture for ffmpeg (never blocks the ingest thread: a full queue drops until the next keyframe).</summary>
    public void OnSourceVideoUnit(in AccessUnit unit)
    {
        lock (_gate)
        {
            if (_ending || _stopped || _source is null) return;
            if (_encoder is null)
            {
                if (!unit.IsKeyframe || !TryStartEncoder()) return;
            }

            var encoder = _encoder!;
            if (encoder.Dropping && !unit.IsKeyframe) return;

            var frame = AnnexB.FromAvcc(unit.Data.Span, unit.IsKeyframe ? _source : null);
            encoder.Pending.Enqueue(new LadderPicture(unit.Timestamp, unit.CaptureTimeUtc, unit.IsKeyframe));
            encoder.Dropping = !encoder.Input.Writer.TryWrite(frame);
        }
    }

    /// <summary>The room ended: ffmpeg's stdin is closed, its last pictures are packaged, then the rendition ends.</summary>
    public void End()
    {
        LadderEncoder? encoder;
        lock (_gate)
        {
            if (_ending) return;
            _ending = true;
            encoder = _encoder;
        }

        if (encoder is null)
        {
            Session.OnEnd();
            _completion.TrySetResult();
            return;
        }

        encoder.Input.Writer.TryComplete();
        _ = Task.Run(async () =>
        {
            if (await Task.WhenAny(_completion.Task, Task.Delay(TimeSpan.FromSeconds(10))) != _completion.Task)
            {
                encoder.Kill();
            }
        });
    }

    private bool TryStartEncoder()
    {
        var now = DateTimeOffset.UtcNow;
        while (_restarts.Count > 0 && now - _restarts.Peek() > TimeSpan.FromMinutes(1)) _restarts.Dequeue();
        if (_restarts.Count > MaxRestartsPerMinute)
        {
            _stopped = true;
            _logger.LogError("HLS ladder {Rendition} of room {RoomId}: ffmpeg failed {Count} times in a minute; the rendition is stopped",
                Rung.EffectiveName, _roomId, _restarts.Count);
            Session.OnEnd();
            _completion.TrySetResult();
            return false;
        }

        _restarts.Enqueue(now);
        var height = Rung.Height + (Rung.Height & 1);
        var kbps = Math.Max(50, Rung.VideoKbps);
        var info = LadderEncoder.StartInfo(_options.FfmpegPath, _options.LadderPreset, height, kbps);

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            _logger.LogError(e, "HLS ladder {Rendition} of room {RoomId}: cannot start {Ffmpeg}", Rung.EffectiveName, _roomId, _options.FfmpegPath);
            _stopped = true;
            Session.OnEnd();
            _completion.TrySetResult();
            return false;
        }

        var encoder = new LadderEncoder(process, InputQueueFrames);
        process.ErrorDataReceived += (_, e) => encoder.OnStderr(e.Data);
        process.BeginErrorReadLine();
        _processIds.Enqueue(process.Id);
        _encoder = encoder;
        _logger.LogInformation("HLS ladder {Rendition} of room {RoomId}: ffmpeg {Pid} started ({Height}p, {Kbps} kbit/s)",
            Rung.EffectiveName, _roomId, process.Id, height, kbps);
        _ = Task.Run(() => WriteAsync(encoder));
        _ = Task.Run(() => ReadAsync(encoder));
        return true;
    }

    private static async Task WriteAsync(LadderEncoder encoder)
    {
        var stdin = encoder.Process.StandardInput.BaseStream;
        try
        {
            await foreach (var frame in encoder.Input.Reader.ReadAllAsync())
            {
                await stdin.WriteAsync(frame);
                await stdin.FlushAsync();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // ffmpeg has gone; the reader sees its stdout end.
        }
        finally
        {
            try
            {
                stdin.Close();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task ReadAsync(LadderEncoder encoder)
    {
        var splitter = new AnnexBSplitter();
        var buffer = new byte[64 * 1024];
        var stdout = encoder.Process.StandardOutput.BaseStream;
        try
        {
            int read;
            while ((read = await stdout.ReadAsync(buffer)) > 0)
            {
                foreach (var picture in splitter.Push(buffer.AsSpan(0, read)))
                {
                    OnEncodedPicture(encoder, picture);
                }
            }

            foreach (var picture in splitter.Finish())
            {
                OnEncodedPicture(encoder, picture);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }

        encoder.Input.Writer.TryComplete();
        int? exitCode = null;
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await encoder.Process.WaitForExitAsync(wait.Token);
            exitCode = encoder.Process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            encoder.Kill();
        }

        bool ended;
        lock (_gate)
        {
            ended = _ending && !encoder.Retiring;
            if (ReferenceEquals(_encoder, encoder) && !_ending)
            {
                // Crashed (or killed): the next source keyframe starts a new ffmpeg.
                _encoder = null;
                _logger.LogWarning("HLS ladder {Rendition} of room {RoomId}: ffmpeg {Pid} exited with {ExitCode} mid-stream ({Stderr}); restarting at the next keyframe",
                    Rung.EffectiveName, _roomId, encoder.Process.Id, exitCode, encoder.StderrTail);
            }
        }

        encoder.Process.Dispose();
        if (ended)
        {
            Session.OnEnd();
            _completion.TrySetResult();
        }
    }

    private void OnEncodedPicture(LadderEncoder encoder, List<ReadOnlyMemory<byte>> nals)
    {
        lock (_gate)
        {
            if (encoder.Retiring) return;
            ReadOnlyMemory<byte> sps = default, pps = default;
            var keyframe = false;
            var size = 0;
            foreach (var nal in nals)
            {
                switch (nal.Span[0] & 0x1F)
                {
                    case 7: sps = nal; break;
                    case 8: pps = nal; break;
                    case 9: break;
                    case 5: keyframe = true; size += 4 + nal.Length; break;
                    default: size += 4 + nal.Length; break;
                }
            }

            if (!sps.IsEmpty && !pps.IsEmpty && (_video is null || !_video.Sps.Span.SequenceEqual(sps.Span) || !_video.Pps.Span.SequenceEqual(pps.Span))
                && SpsParser.TryParse(sps.Span, out var info))
            {
                _video = new TrackConfig(1, MediaCodec.H264, 90_000, sps.ToArray(), pps.ToArray(), info.Width, info.Height, 0, 0, default);
                Session.OnTrackConfig(_video);
                if (_audio is not null && !_audioAnnounced)
                {
                    Session.OnTrackConfig(_audio);
                    _audioAnnounced = true;
                }
            }

            // One picture out for each picture in; a keyframe out is a keyframe in, which resynchronises after a drop.
            LadderPicture time;
            do
            {
                if (!encoder.Pending.TryDequeue(out time)) return;
            }
            while (keyframe && !time.Keyframe);

            if (_video is null || size == 0) return;
            var data = new byte[size];
            var offset = 0;
            foreach (var nal in nals)
            {
                var type = nal.Span[0] & 0x1F;
                if (type is 7 or 8 or 9) continue; // parameter sets are in the init segment's avcC
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(offset), nal.Length);
                nal.Span.CopyTo(data.AsSpan(offset + 4));
                offset += 4 + nal.Length;
            }

            Session.OnAccessUnit(new AccessUnit(1, time.Timestamp, keyframe, data, time.Capture));
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_roomId}/{Rung.EffectiveName}");
}
