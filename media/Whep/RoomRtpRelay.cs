using Stagecast.Media.Ice;

namespace Stagecast.Media.Whep;

/// <summary>
/// One room's RTP on its way from the publisher (WHIP) to the room's WHEP viewers on this node: the viewer list,
/// the cache of recent video packets that answers viewers' NACKs, and the keyframe requests from viewers,
/// coalesced into at most one per <see cref="KeyframeRequestIntervalMs"/> towards the publisher.
/// </summary>
public sealed class RoomRtpRelay
{
    /// <summary>Packets kept for retransmission: about 2 s of 2.5 Mbit/s video.</summary>
    public const int CacheSize = 512;

    private readonly object _cacheGate = new();
    private readonly byte[][] _cache = new byte[CacheSize][];
    private readonly int[] _cacheLength = new int[CacheSize];
    private readonly int[] _cacheSeq = new int[CacheSize];
    private readonly Action _requestKeyframe;
    /// <summary>One batch per fanning thread (publisher sockets, RTMP feeds and the transcoder call from their own threads).</summary>
    [ThreadStatic]
    private static DatagramBatch? t_batch;

    private volatile WhepSession[] _viewers = [];
    private volatile IRelayTap[] _taps = [];
    private long _lastKeyframeRequestMs = long.MinValue / 2;
    private long _keyframeRequests;
    private long _keyframeAsks;

    public RoomRtpRelay(string roomId, Action requestKeyframe, long keyframeRequestIntervalMs = 1000)
    {
        RoomId = roomId;
        _requestKeyframe = requestKeyframe;
        KeyframeRequestIntervalMs = keyframeRequestIntervalMs;
        Array.Fill(_cacheSeq, -1);
    }

    public string RoomId { get; }

    public long KeyframeRequestIntervalMs { get; }

    public IReadOnlyList<WhepSession> Viewers => _viewers;

    /// <summary>Other gateways' relay streams fed from this one (one per gateway with viewers of the room).</summary>
    public IReadOnlyList<IRelayTap> Taps => _taps;

    /// <summary>
    /// A viewer here asked for audio, or another gateway's relay stream takes the room (it carries both tracks on):
    /// whether audio that must be made for WHEP (an RTMP room's Opus) is wanted at all.
    /// </summary>
    public bool WantsAudio
    {
        get
        {
            if (_taps.Length > 0) return true;
            foreach (var viewer in _viewers)
            {
                if (viewer.TakesAudio) return true;
            }
            return false;
        }
    }

    /// <summary>No viewer and no tap: the relay can go.</summary>
    public bool IsIdle => _viewers.Length == 0 && _taps.Length == 0;

    /// <summary>Keyframe requests sent on to the publisher (after coalescing).</summary>
    public long KeyframeRequests => Interlocked.Read(ref _keyframeRequests);

    /// <summary>Keyframe requests viewers (PLI, FIR, joining) asked for before coalescing.</summary>
    public long KeyframeAsks => Interlocked.Read(ref _keyframeAsks);

    internal void Add(WhepSession viewer)
    {
        lock (_cacheGate) _viewers = [.. _viewers, viewer];
    }

    internal bool Remove(WhepSession viewer)
    {
        lock (_cacheGate)
        {
            _viewers = Without(_viewers, viewer, out var removed);
            return removed;
        }
    }

    internal void AddTap(IRelayTap tap)
    {
        lock (_cacheGate) _taps = [.. _taps, tap];
    }

    internal bool RemoveTap(IRelayTap tap)
    {
        lock (_cacheGate)
        {
            _taps = Without(_taps, tap, out var removed);
            return removed;
        }
    }

    /// <summary>A copy of <paramref name="items"/> without <paramref name="item"/>; <paramref name="removed"/> says whether it was there.</summary>
    private static T[] Without<T>(T[] items, T item, out bool removed) where T : class
    {
        var rest = items.Where(x => !ReferenceEquals(x, item)).ToArray();
        removed = rest.Length != items.Length;
        return rest;
    }

    /// <summary>
    /// A decrypted RTP packet from the publisher. <paramref name="video"/> packets are cached for NACKs; every viewer
    /// gets its own rewritten, encrypted copy.
    /// </summary>
    public void OnPublisherPacket(bool video, ReadOnlySpan<byte> packet, ushort sequence, ReadOnlySpan<byte> payload)
    {
        bool keyframeStart = false;
        if (video)
        {
            keyframeStart = StartsKeyframe(payload);
            lock (_cacheGate)
            {
                int slot = sequence % CacheSize;
                var buffer = _cache[slot] ??= new byte[1500];
                if (packet.Length <= buffer.Length)
                {
                    packet.CopyTo(buffer);
                    _cacheLength[slot] = packet.Length;
                    _cacheSeq[slot] = sequence;
                }
            }
        }

        var viewers = _viewers;
        if (viewers.Length > ShardSize && Environment.ProcessorCount > 1)
        {
            FanOutInShards(viewers, video, packet, sequence, keyframeStart);
        }
        else
        {
            FanOut(viewers, 0, viewers.Length, video, packet, sequence, keyframeStart);
        }

        foreach (var tap in _taps)
        {
            tap.OnPacket(video, packet);
        }
    }

    /// <summary>Viewers one thread serves per packet before the fan-out is split over the thread pool.</summary>
    public int ShardSize { get; init; } = 150;

    /// <summary>
    /// Every viewer's copy is written into this thread's batch and leaves in a few system calls (sendmmsg on Linux).
    /// </summary>
    private static void FanOut(WhepSession[] viewers, int from, int to, bool video, ReadOnlySpan<byte> packet, ushort sequence, bool keyframeStart)
    {
        var batch = t_batch ??= new DatagramBatch();
        for (int i = from; i < to; i++)
        {
            viewers[i].Forward(video, packet, sequence, keyframeStart, batch);
        }
        batch.Flush();
    }

    /// <summary>
    /// A room with more viewers than one thread keeps up with (about 450 at 2.5 Mbit/s: docs/whep.md): shards of
    /// <see cref="ShardSize"/> viewers run in parallel on <see cref="FanoutWorkers"/>, the calling thread taking part,
    /// and the call returns when every shard is sent, so each viewer still gets the packets in order.
    /// </summary>
    private void FanOutInShards(WhepSession[] viewers, bool video, ReadOnlySpan<byte> packet, ushort sequence, bool keyframeStart)
    {
        int shards = (viewers.Length + ShardSize - 1) / ShardSize;
        var copy = System.Buffers.ArrayPool<byte>.Shared.Rent(packet.Length);
        packet.CopyTo(copy);
        int length = packet.Length;
        try
        {
            FanoutWorkers.Shared.Run(shards, shard =>
            {
                int from = shard * ShardSize;
                FanOut(viewers, from, Math.Min(viewers.Length, from + ShardSize), video, copy.AsSpan(0, length), sequence, keyframeStart);
            });
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>Copies the cached video packet with <paramref name="sequence"/> (publisher numbering) into <paramref name="destination"/>.</summary>
    internal int TryCopyCached(ushort sequence, Span<byte> destination)
    {
        lock (_cacheGate)
        {
            int slot = sequence % CacheSize;
            if (_cacheSeq[slot] != sequence || _cacheLength[slot] > destination.Length) return 0;
            _cache[slot].AsSpan(0, _cacheLength[slot]).CopyTo(destination);
            return _cacheLength[slot];
        }
    }

    /// <summary>A viewer wants a keyframe (PLI, FIR, or it has just joined): at most one request per interval goes on.</summary>
    public void RequestKeyframe(long nowMs)
    {
        Interlocked.Increment(ref _keyframeAsks);
        var last = Interlocked.Read(ref _lastKeyframeRequestMs);
        if (nowMs - last < KeyframeRequestIntervalMs) return;
        if (Interlocked.CompareExchange(ref _lastKeyframeRequestMs, nowMs, last) != last) return;
        Interlocked.Increment(ref _keyframeRequests);
        _requestKeyframe();
    }

    /// <summary>
    /// True when an H.264 RTP payload (RFC 6184) begins a keyframe: an SPS or IDR NAL unit, alone, first in a
    /// STAP-A (§5.7.1), or the first fragment of an FU-A (§5.8).
    /// </summary>
    public static bool StartsKeyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2) return false;
        int type = payload[0] & 0x1F;
        return type switch
        {
            5 or 7 => true,
            24 => payload.Length >= 4 && (payload[3] & 0x1F) is 5 or 7,
            28 => (payload[1] & 0x80) != 0 && (payload[1] & 0x1F) == 5,
            _ => false,
        };
    }
}
