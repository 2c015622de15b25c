using System.Buffers;
using System.Buffers.Binary;
using Stagecast.Ingest.Tests.Loopback;
using Stagecast.Media.Rtmp;

namespace Stagecast.Ingest.Tests.Rtmp;

/// <summary>FLV tag bodies and a whole publisher's chunk stream built from ffmpeg H.264 (for parser tests and the fuzz corpus).</summary>
internal static class FlvSamples
{
    public static readonly byte[] AacConfig = [0xAF, 0x00, 0x12, 0x10]; // AAC LC, 44.1 kHz, stereo

    public static (byte[] Sps, byte[] Pps, byte[] Idr) FirstPicture()
    {
        var unit = H264TestSource.AccessUnits(320, 240, 30)[0];
        return (unit.First(n => (n[0] & 0x1F) == 7), unit.First(n => (n[0] & 0x1F) == 8), unit.First(n => (n[0] & 0x1F) == 5));
    }

    public static byte[] AvcConfig(byte[] sps, byte[] pps, int lengthSize = 4)
    {
        var b = new List<byte> { 0x17, 0, 0, 0, 0, 1, sps[1], sps[2], sps[3], (byte)(0xFC | (lengthSize - 1)), 0xE1 };
        b.AddRange([(byte)(sps.Length >> 8), (byte)sps.Length]);
        b.AddRange(sps);
        b.AddRange([1, (byte)(pps.Length >> 8), (byte)pps.Length]);
        b.AddRange(pps);
        return b.ToArray();
    }

    public static byte[] AvcPicture(bool key, int ctsMs, IEnumerable<byte[]> nals, int lengthSize = 4)
    {
        var b = new List<byte> { (byte)(key ? 0x17 : 0x27), 1, (byte)(ctsMs >> 16), (byte)(ctsMs >> 8), (byte)ctsMs };
        foreach (var nal in nals)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)nal.Length);
            b.AddRange(length[(4 - lengthSize)..]);
            b.AddRange(nal);
        }

        return b.ToArray();
    }

    /// <summary>What FFmpeg sends after the handshake, up to a few seconds of media.</summary>
    public static byte[] PublisherChunkStream()
    {
        var (sps, pps, idr) = FirstPicture();
        var output = new ArrayBufferWriter<byte>();
        var w = new RtmpChunkWriter();
        w.Write(output, 2, RtmpMessageType.SetChunkSize, 0, 0, [0, 0, 0x10, 0]);
        w.ChunkSize = 4096;
        w.Write(output, 3, RtmpMessageType.CommandAmf0, 0, 0, new Amf0Writer().String("connect").Number(1)
            .Object(new Dictionary<string, object?> { ["app"] = "live", ["type"] = "nonprivate", ["tcUrl"] = "rtmp://127.0.0.1/live" }).WrittenSpan);
        w.Write(output, 3, RtmpMessageType.CommandAmf0, 0, 0, new Amf0Writer().String("releaseStream").Number(2).Null().String("key").WrittenSpan);
        w.Write(output, 3, RtmpMessageType.CommandAmf0, 0, 0, new Amf0Writer().String("createStream").Number(4).Null().WrittenSpan);
        w.Write(output, 8, RtmpMessageType.CommandAmf0, 1, 0, new Amf0Writer().String("publish").Number(5).Null().String("key").String("live").WrittenSpan);
        w.Write(output, 4, RtmpMessageType.DataAmf0, 1, 0, new Amf0Writer().String("@setDataFrame").String("onMetaData")
            .EcmaArray(new Dictionary<string, object?> { ["width"] = 320.0, ["height"] = 240.0 }).WrittenSpan);
        w.Write(output, 6, RtmpMessageType.Video, 1, 0, AvcConfig(sps, pps));
        w.Write(output, 4, RtmpMessageType.Audio, 1, 0, AacConfig);
        w.Write(output, 6, RtmpMessageType.Video, 1, 0, AvcPicture(true, 66, [idr]));
        w.Write(output, 4, RtmpMessageType.Audio, 1, 23, [0xAF, 1, 0x21, 0x10, 0x04, 0x60]);
        return output.WrittenSpan.ToArray();
    }
}
