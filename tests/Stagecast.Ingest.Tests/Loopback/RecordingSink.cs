using Stagecast.Media.AccessUnits;

namespace Stagecast.Ingest.Tests.Loopback;

/// <summary>Keeps copies of everything a session hands its sink.</summary>
public sealed class RecordingSink : IAccessUnitSink
{
    private readonly object _gate = new();
    private int _concurrent;

    public string RoomId { get; init; } = "";
    public List<TrackConfig> Configs { get; } = [];
    public List<(AccessUnit Unit, byte[] Data)> Units { get; } = [];
    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public bool OverlappingCalls { get; private set; }

    public int VideoUnits
    {
        get
        {
            lock (_gate)
            {
                return Units.Count(u => u.Unit.TrackId == 1);
            }
        }
    }

    public void OnTrackConfig(TrackConfig config)
    {
        Enter();
        lock (_gate)
        {
            Configs.Add(config);
        }
        Exit();
    }

    public void OnAccessUnit(in AccessUnit unit)
    {
        Enter();
        lock (_gate)
        {
            Units.Add((unit, unit.Data.ToArray()));
        }
        Exit();
    }

    public void OnEnd() => Ended.TrySetResult();

    private void Enter()
    {
        if (Interlocked.Increment(ref _concurrent) > 1)
        {
            OverlappingCalls = true;
        }
    }

    private void Exit() => Interlocked.Decrement(ref _concurrent);

    /// <summary>Video units as an Annex-B elementary stream (start codes instead of AVCC lengths).</summary>
    public byte[] VideoAsAnnexB()
    {
        using var ms = new MemoryStream();
        lock (_gate)
        {
            foreach (var (unit, data) in Units.Where(u => u.Unit.TrackId == 1))
            {
                int pos = 0;
                while (pos + 4 <= data.Length)
                {
                    int len = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(pos));
                    ms.Write([0, 0, 0, 1]);
                    ms.Write(data, pos + 4, len);
                    pos += 4 + len;
                }
            }
        }
        return ms.ToArray();
    }
}

public sealed class RecordingOutputFactory : ILiveOutputFactory
{
    private readonly object _gate = new();

    public List<RecordingSink> Sinks { get; } = [];

    public TaskCompletionSource<RecordingSink> FirstOpened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IAccessUnitSink Open(string roomId)
    {
        var sink = new RecordingSink { RoomId = roomId };
        lock (_gate)
        {
            Sinks.Add(sink);
        }
        FirstOpened.TrySetResult(sink);
        return sink;
    }

    public RecordingSink? ForRoom(string roomId)
    {
        lock (_gate)
        {
            return Sinks.LastOrDefault(s => s.RoomId == roomId);
        }
    }
}
