using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Stagecast.Media.Rtp;

namespace Stagecast.Media.Whep;

/// <summary>
/// The audio of an RTMP room for its WHEP viewers: AAC cannot go to WebRTC, so an ffmpeg process reads the AAC frames
/// (as ADTS on stdin) and sends Opus RTP (20 ms frames, low-delay mode) to a loopback UDP socket here, whose packets go
/// to the room's relay as the publisher's audio. Started by <see cref="AccessUnitRtpFeed"/> only while the room has WHEP
/// viewers, and killed when they have gone or the publisher ends. A failure (no ffmpeg, a crash) only ends the audio.
/// </summary>
public sealed class AacOpusTranscoder : IDisposable
{
    private readonly Process? _ffmpeg;
    private readonly Socket _socket;
    private readonly Func<RoomRtpRelay?> _relay;
    private readonly byte[] _adts = new byte[7 + 8192];
    private readonly int _objectType;
    private readonly int _frequencyIndex;
    private readonly int _channels;
    private volatile bool _failed;
    private long _packets;

    /// <param name="audioSpecificConfig">The AAC AudioSpecificConfig from the RTMP sequence header (ISO/IEC 14496-3 1.6.2.1).</param>
    public AacOpusTranscoder(string ffmpegPath, ReadOnlySpan<byte> audioSpecificConfig, Func<RoomRtpRelay?> relay)
    {
        _relay = relay;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        if (audioSpecificConfig.Length < 2)
        {
            _failed = true;
            return;
        }

        _objectType = audioSpecificConfig[0] >> 3;
        _frequencyIndex = ((audioSpecificConfig[0] & 0x07) << 1) | (audioSpecificConfig[1] >> 7);
        _channels = (audioSpecificConfig[1] >> 3) & 0x0F;
        if (_objectType is < 1 or > 4 || _frequencyIndex > 12 || _channels is < 1 or > 2)
        {
            _failed = true; // ADTS carries only the four MPEG-2 profiles; HE-AAC etc. stay silent
            return;
        }

        var port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        try
        {
            var info = new ProcessStartInfo(ffmpegPath,
                ["-hide_banner", "-loglevel", "error", "-fflags", "nobuffer", "-probesize", "32", "-analyzeduration", "0",
                 "-f", "aac", "-i", "pipe:0", "-c:a", "libopus", "-b:a", "96k", "-ar", "48000", "-ac", "2",
                 "-application", "lowdelay", "-frame_duration", "20", "-flush_packets", "1",
                 "-f", "rtp", "-payload_type", "111", $"rtp://127.0.0.1:{port}?pkt_size=1200"])
            {
                RedirectStandardInput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            _ffmpeg = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
            _ffmpeg.ErrorDataReceived += (_, _) => { };
            _ffmpeg.BeginErrorReadLine();
            _ = Task.Run(ReceiveAsync);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            _failed = true;
        }
    }

    /// <summary>Opus RTP packets handed to the relay.</summary>
    public long PacketsForwarded => Interlocked.Read(ref _packets);

    public bool Failed => _failed;

    /// <summary>One raw AAC frame from RTMP; written to ffmpeg with its ADTS header (ISO/IEC 14496-3 1.A.2.2).</summary>
    public void Write(ReadOnlySpan<byte> frame)
    {
        if (_failed || _ffmpeg is null || frame.Length > _adts.Length - 7) return;
        int length = frame.Length + 7;
        _adts[0] = 0xFF;
        _adts[1] = 0xF1; // MPEG-4, layer 0, no CRC
        _adts[2] = (byte)(((_objectType - 1) << 6) | (_frequencyIndex << 2) | (_channels >> 2));
        _adts[3] = (byte)(((_channels & 3) << 6) | (length >> 11));
        _adts[4] = (byte)(length >> 3);
        _adts[5] = (byte)(((length & 7) << 5) | 0x1F);
        _adts[6] = 0xFC;
        frame.CopyTo(_adts.AsSpan(7));
        try
        {
            var stdin = _ffmpeg.StandardInput.BaseStream;
            stdin.Write(_adts, 0, length);
            stdin.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _failed = true;
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1500];
        try
        {
            while (true)
            {
                int n = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (!RtpPacket.TryParse(buffer.AsSpan(0, n), out var packet) || RtpPacket.IsRtcp(buffer.AsSpan(0, n))) continue;
                if (_relay() is not { } relay) continue;
                relay.OnPublisherPacket(false, buffer.AsSpan(0, n), packet.SequenceNumber, buffer.AsSpan(packet.PayloadOffset, packet.PayloadLength));
                Interlocked.Increment(ref _packets);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _failed = true;
        if (_ffmpeg is not null)
        {
            try
            {
                _ffmpeg.Kill(entireProcessTree: true);
                _ffmpeg.WaitForExit(2000);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }

            _ffmpeg.Dispose();
        }

        _socket.Dispose();
    }
}
