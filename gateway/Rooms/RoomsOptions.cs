namespace Stagecast.Gateway.Rooms;

/// <summary>Tuning of the live-room fan-out (configuration section <c>Stagecast:Rooms</c>).</summary>
public sealed class RoomsOptions
{
    public const string Section = "Stagecast:Rooms";

    /// <summary>
    /// A batch is written to a room's batched viewers by this many loops in parallel, each over its share of the
    /// connections, so one batch's fan-out uses every core. 0 (default) means one per processor.
    /// </summary>
    public int FanoutWorkers { get; set; }

    /// <summary>
    /// Each fan-out loop yields to the thread pool after writing a batch to this many connections, so their socket
    /// sends run (and return their pooled buffers) before more are queued. Default 16.
    /// </summary>
    public int FanoutChunk { get; set; } = 16;

    /// <summary>
    /// A batched viewer whose connection has not taken a batch for this long is disconnected (it reconnects and
    /// gets a fresh snapshot); until then it misses the batches it has no room for. Default 10 s.
    /// </summary>
    public double SlowViewerTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// SignalR's per-connection buffer limits for /hubs/live (transport and application pipes), in bytes; 0 keeps
    /// SignalR's 64 KB. Lower means less memory held per slow viewer and an earlier "slow" verdict.
    /// </summary>
    public long ConnectionBufferBytes { get; set; }

    /// <summary>
    /// Caps the kernel send buffer (SO_SNDBUF) of every connection the gateway accepts, in bytes; 0 (default) keeps
    /// Linux's autotuning, which lets one stalled client hold up to <c>net.ipv4.tcp_wmem</c>'s maximum (4 MB) of
    /// kernel memory. A cap bounds that, at the cost of slower large downloads over long-distance links.
    /// </summary>
    public int SocketSendBufferBytes { get; set; }

    /// <summary>Kestrel's <c>UnsafePreferInlineScheduling</c>: socket sends run on the thread that flushes.</summary>
    public bool InlineSocketScheduling { get; set; }

    /// <summary>When set, the gateway writes its managed-heap figures to this file every 5 s (benchmarks).</summary>
    public string? StatsFile { get; set; }

    public int Workers => FanoutWorkers > 0 ? FanoutWorkers : Environment.ProcessorCount;
}
