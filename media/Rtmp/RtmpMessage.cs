namespace Stagecast.Media.Rtmp;

/// <summary>
/// One reassembled RTMP message (RTMP 1.0 §5.3). <see cref="Payload"/> belongs to the reader and is only
/// valid during the handler call.
/// </summary>
public readonly record struct RtmpMessage(int ChunkStreamId, byte TypeId, uint StreamId, uint Timestamp, ReadOnlyMemory<byte> Payload);

/// <summary>Receives the messages an <see cref="RtmpChunkReader"/> reassembles.</summary>
public interface IRtmpMessageHandler
{
    /// <summary>One message; return false to make the reader stop right after it (the caller has async work to do).</summary>
    bool OnMessage(in RtmpMessage message);
}

/// <summary>RTMP message type ids (RTMP 1.0 §5.4, §7.1).</summary>
public static class RtmpMessageType
{
    public const byte SetChunkSize = 1;
    public const byte Abort = 2;
    public const byte Acknowledgement = 3;
    public const byte UserControl = 4;
    public const byte WindowAcknowledgementSize = 5;
    public const byte SetPeerBandwidth = 6;
    public const byte Audio = 8;
    public const byte Video = 9;
    public const byte DataAmf3 = 15;
    public const byte CommandAmf3 = 17;
    public const byte DataAmf0 = 18;
    public const byte CommandAmf0 = 20;
}
