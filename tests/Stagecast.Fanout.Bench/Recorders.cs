namespace Stagecast.Fanout.Bench;

/// <summary>Process-wide recorders: silo and subscribers run in one process, so one clock serves both ends.</summary>
public static class Recorders
{
    /// <summary>Receipt at the gateway-like subscriber (Orleans client).</summary>
    public static readonly LatencyRecorder AtGateway = new();

    /// <summary>Receipt at the relay grain (broadcast channels only).</summary>
    public static readonly LatencyRecorder AtRelay = new();
}
