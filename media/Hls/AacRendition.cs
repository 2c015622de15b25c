using System.Diagnostics;
using Stagecast.Media.AccessUnits;

namespace Stagecast.Media.Hls;

/// <summary>
/// The optional second variant for players without Opus (older Apple devices): the same H.264 muxed with
/// AAC-LC that ffmpeg encodes from the Opus track. ffmpeg reads Ogg Opus on stdin and writes ADTS on
/// stdout; each AAC frame is 1024 samples, placed on the Opus timeline after the encoder's one frame of
/// priming. Off by default (<see cref="HlsOptions.AacRendition"/>); any ffmpeg failure only ends this variant.
/// </summary>
internal sealed class AacRendition
{
    private const int FrameSamples = 1024;
    private readonly Process? _ffmpeg;
    private readonly OggOpusWriter? _ogg;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _firstOpusTimestamp = long.MinValue;
    private DateTimeOffset _firstOpusCapture;
    private long _nextOpusTimestamp;
    private volatile bool _failed;

    public AacRendition(string roomId, string sessionId, HlsOptions options, TrackConfig opus)
    {
        var channels = Math.Clamp(opus.Channels, 1, 2);
        Session = new HlsLiveSession(roomId, sessionId, options.ForVariant(), recordingDirectory: null);

        // AAC-LC (object type 2), 48 kHz (index 3): ISO/IEC 14496-3 1.6.2.1 AudioSpecificConfig.
        var asc = new byte[] { (byte)((2 << 3) | (3 >> 1)), (byte)(((3 & 1) << 7) | (channels << 3)) };
        Session.OnTrackConfig(new TrackConfig(2, MediaCodec.Aac, 48_000, default, default, 0, 0, channels, 48_000, asc));
        try
        {
            var info = new ProcessStartInfo(options.FfmpegPath,
                ["-hide_banner", "-loglevel", "error", "-f", "ogg", "-i", "pipe:0", "-c:a", "aac", "-b:a", "128k",
                 "-ar", "48000", "-ac", channels.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 "-f", "adts", "-flush_packets", "1", "pipe:1"])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            _ffmpeg = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
            _ffmpeg.ErrorDataReceived += (_, _) => { };
            _ffmpeg.BeginErrorReadLine();
            _ogg = new OggOpusWriter(_ffmpeg.StandardInput.BaseStream, channels);
            _ = Task.Run(ReadAdtsAsync);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            _failed = true;
            Session.OnEnd();
            _completion.TrySetResult();
        }
    }

    /// <summary>The video+AAC packager, served as its own session id beside the main one.</summary>
    public HlsLiveSession Session { get; }

    /// <summary>Completes when ffmpeg has drained and the variant has ended.</summary>
    public Task Completion => _completion.Task;

    public void OnVideoConfig(TrackConfig config) => Session.OnTrackConfig(config);

    public void OnVideoUnit(in AccessUnit unit) => Session.OnAccessUnit(unit);

    /// <summary>
    /// Writes to ffmpeg's stdin on the ingest thread; the pipe buffers several seconds of Opus, so only an
    /// ffmpeg that stops reading for that long would hold the ingest up.
    /// </summary>
    public void OnOpusUnit(in AccessUnit unit)
    {
        if (_failed || _ogg is null) return;
        if (_firstOpusTimestamp == long.MinValue)
        {
            _firstOpusTimestamp = unit.Timestamp;
            _nextOpusTimestamp = unit.Timestamp;
            _firstOpusCapture = unit.CaptureTimeUtc;
        }

        // Lost packets (or DTX) show as timestamp gaps; counting them in the granule keeps ffmpeg's clock true.
        var end = Math.Max(unit.Timestamp, _nextOpusTimestamp) + OggOpusWriter.SamplesOf(unit.Data.Span);
        var samples = end - _nextOpusTimestamp;
        _nextOpusTimestamp = end;
        try
        {
            _ogg.Write(unit.Data.Span, samples);
        }
        catch (IOException)
        {
            _failed = true;
        }
    }

    public void End()
    {
        try
        {
            _ffmpeg?.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        if (_ffmpeg is null) return;

        // ffmpeg flushes its last frames after stdin closes; the reader ends the session then.
        _ = Task.Run(async () =>
        {
            if (await Task.WhenAny(_completion.Task, Task.Delay(TimeSpan.FromSeconds(10))) != _completion.Task)
            {
                try
                {
                    _ffmpeg.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
            }
        });
    }

    private async Task ReadAdtsAsync()
    {
        var stdout = _ffmpeg!.StandardOutput.BaseStream;
        var header = new byte[9];
        var frame = new byte[8192];
        long index = 0;
        try
        {
            while (await ReadExactlyAsync(stdout, header.AsMemory(0, 7)))
            {
                // ADTS (ISO/IEC 14496-3 1.A.2): 12-bit sync, frame_length in 13 bits, CRC when protection_absent is 0.
                if (header[0] != 0xFF || (header[1] & 0xF0) != 0xF0) break;
                var headerLength = (header[1] & 0x01) == 0 ? 9 : 7;
                if (headerLength == 9 && !await ReadExactlyAsync(stdout, header.AsMemory(7, 2))) break;
                var frameLength = ((header[3] & 0x03) << 11) | (header[4] << 3) | (header[5] >> 5);
                var payload = frameLength - headerLength;
                if (payload <= 0 || payload > frame.Length || !await ReadExactlyAsync(stdout, frame.AsMemory(0, payload))) break;

                // Frame 0 is the encoder's priming; frame k (k >= 1) starts k-1 frames after the first Opus sample.
                if (index > 0)
                {
                    var offset = (index - 1) * FrameSamples;
                    Session.OnAccessUnit(new AccessUnit(2, _firstOpusTimestamp + offset, true, frame.AsMemory(0, payload),
                        _firstOpusCapture.AddSeconds(offset / 48_000.0)));
                }

                index++;
            }
        }
        catch (IOException)
        {
        }
        finally
        {
            Session.OnEnd();
            try
            {
                // Reap the process: its stdout is closed, so it has exited or is about to.
                _ffmpeg.Kill(entireProcessTree: true);
                await _ffmpeg.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
            }

            _ffmpeg.Dispose();
            _completion.TrySetResult();
        }
    }

    private static async Task<bool> ReadExactlyAsync(Stream stream, Memory<byte> buffer)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }
}
