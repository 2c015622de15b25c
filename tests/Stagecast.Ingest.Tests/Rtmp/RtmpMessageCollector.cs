using Stagecast.Media.Rtmp;

namespace Stagecast.Ingest.Tests.Rtmp;

/// <summary>Copies every message a chunk reader hands out.</summary>
internal sealed class RtmpMessageCollector : IRtmpMessageHandler
{
    public List<(RtmpMessage Message, byte[] Payload)> Messages { get; } = [];

    public bool OnMessage(in RtmpMessage message)
    {
        Messages.Add((message, message.Payload.ToArray()));
        return true;
    }
}
