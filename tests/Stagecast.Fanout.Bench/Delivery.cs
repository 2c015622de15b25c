namespace Stagecast.Fanout.Bench;

/// <summary>How a room's batches reach the gateways.</summary>
[GenerateSerializer, Alias("Stagecast.Fanout.Bench.Delivery")]
public enum Delivery
{
    /// <summary>One one-way observer call per gateway (what the live room does).</summary>
    Observers,

    /// <summary>One Orleans memory stream per room; every gateway subscribes to it.</summary>
    Streams,

    /// <summary>A broadcast channel per gateway; an implicitly subscribed relay grain forwards to the gateway's observer.</summary>
    Broadcast,
}
