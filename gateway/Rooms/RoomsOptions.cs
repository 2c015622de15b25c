namespace Stagecast.Gateway.Rooms;

/// <summary>Tuning of the live-room fan-out (configuration section <c>Stagecast:Rooms</c>).</summary>
public sealed class RoomsOptions
{
    public const string Section = "Stagecast:Rooms";

    /// <summary>
    /// Batched viewers of a room are spread over this many local SignalR groups, and a batch is sent to the groups in
    /// parallel, so one batch's fan-out uses every core. 0 (default) means one group per processor.
    /// </summary>
    public int FanoutShards { get; set; }

    /// <summary>Kestrel's <c>UnsafePreferInlineScheduling</c>: socket sends run on the thread that flushes.</summary>
    public bool InlineSocketScheduling { get; set; }

    /// <summary>When set, the gateway writes its managed-heap figures to this file every 5 s (benchmarks).</summary>
    public string? StatsFile { get; set; }

    public int Shards => FanoutShards > 0 ? FanoutShards : Environment.ProcessorCount;
}
