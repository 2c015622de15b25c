using System.Buffers;
using System.Buffers.Binary;

namespace Stagecast.Media.Rtmp;

/// <summary>The messages a publishing server sends (RTMP 1.0 §5.4, §6.2, §7.2): protocol control, user control and AMF0 command replies.</summary>
internal static class RtmpReplies
{
    public const int ControlChunkStream = 2;
    public const int CommandChunkStream = 3;
    public const int OutChunkSize = 4096;
    public const uint Bandwidth = 2_500_000;

    public static void Control(RtmpChunkWriter writer, IBufferWriter<byte> output, byte type, uint value, byte? extra = null)
    {
        Span<byte> payload = stackalloc byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(payload, value);
        var length = 4;
        if (extra is { } b)
        {
            payload[4] = b;
            length = 5;
        }

        writer.Write(output, ControlChunkStream, type, 0, 0, payload[..length]);
    }

    /// <summary>User control event (§6.2): StreamBegin = 0, PingResponse = 7.</summary>
    public static void UserControl(RtmpChunkWriter writer, IBufferWriter<byte> output, ushort eventType, ReadOnlySpan<byte> data)
    {
        Span<byte> payload = stackalloc byte[2 + Math.Min(data.Length, 8)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, eventType);
        data[..(payload.Length - 2)].CopyTo(payload[2..]);
        writer.Write(output, ControlChunkStream, RtmpMessageType.UserControl, 0, 0, payload);
    }

    /// <summary>After connect: window, peer bandwidth, our chunk size, then _result with NetConnection.Connect.Success.</summary>
    public static void ConnectAccepted(RtmpChunkWriter writer, IBufferWriter<byte> output, double transactionId)
    {
        Control(writer, output, RtmpMessageType.WindowAcknowledgementSize, Bandwidth);
        Control(writer, output, RtmpMessageType.SetPeerBandwidth, Bandwidth, 2); // dynamic
        Control(writer, output, RtmpMessageType.SetChunkSize, OutChunkSize);
        writer.ChunkSize = OutChunkSize;
        var amf = new Amf0Writer().String("_result").Number(transactionId)
            .Object(Props(("fmsVer", "FMS/3,5,7,7009"), ("capabilities", 31.0), ("mode", 1.0)))
            .Object(Props(("level", "status"), ("code", "NetConnection.Connect.Success"), ("description", "Connection succeeded."), ("objectEncoding", 0.0)));
        Command(writer, output, 0, amf);
    }

    public static void Result(RtmpChunkWriter writer, IBufferWriter<byte> output, double transactionId, object? value = null, bool withValue = false)
    {
        var amf = new Amf0Writer().String("_result").Number(transactionId).Null();
        if (withValue) amf.Value(value);
        Command(writer, output, 0, amf);
    }

    public static void Error(RtmpChunkWriter writer, IBufferWriter<byte> output, double transactionId, string code, string description) =>
        Command(writer, output, 0, new Amf0Writer().String("_error").Number(transactionId).Null()
            .Object(Props(("level", "error"), ("code", code), ("description", description))));

    /// <summary>onStatus on the message stream (§7.2.2): level "status" or "error".</summary>
    public static void Status(RtmpChunkWriter writer, IBufferWriter<byte> output, uint streamId, string level, string code, string description) =>
        Command(writer, output, streamId, new Amf0Writer().String("onStatus").Number(0).Null()
            .Object(Props(("level", level), ("code", code), ("description", description))));

    public static void Named(RtmpChunkWriter writer, IBufferWriter<byte> output, string name, string code, string description) =>
        Command(writer, output, 0, new Amf0Writer().String(name).Number(0).Null()
            .Object(Props(("code", code), ("description", description))));

    private static void Command(RtmpChunkWriter writer, IBufferWriter<byte> output, uint streamId, Amf0Writer amf) =>
        writer.Write(output, CommandChunkStream, RtmpMessageType.CommandAmf0, streamId, 0, amf.WrittenSpan);

    private static IEnumerable<KeyValuePair<string, object?>> Props(params (string Name, object? Value)[] properties) =>
        properties.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value));
}
