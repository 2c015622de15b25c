using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Rooms.Payloads;

namespace Stagecast.Gateway.Rooms;

/// <summary>
/// A room as one gateway sees it: the local viewers and the observer the room grain sends batches to. Batches are
/// queued and pushed in order by one loop, so the Orleans thread that delivers them never waits on sockets.
/// </summary>
public sealed class LocalRoom : IRoomObserver
{
    private readonly Channel<RoomBatch> _batches = Channel.CreateUnbounded<RoomBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, RoomMember> _members = [];
    private readonly IHubContext<LiveHub> _hub;
    private readonly ILogger _logger;
    private readonly int _shards;
    private readonly string[] _batchedGroups;
    private int _nextShard;
    private bool _subscribed;

    public LocalRoom(string roomId, IHubContext<LiveHub> hub, int shards, ILogger logger)
    {
        RoomId = roomId;
        _hub = hub;
        _shards = Math.Max(1, shards);
        _batchedGroups = Enumerable.Range(0, _shards).Select(i => RoomGroups.Batched(roomId, i)).ToArray();
        _logger = logger;
        Pump = Task.Run(PumpAsync);
    }

    public string RoomId { get; }

    public Task Pump { get; }

    /// <summary>The reference the grain holds (kept here: Orleans holds observers weakly).</summary>
    public IRoomObserver? Reference { get; set; }

    /// <summary>The grain has accepted a report from this gateway, so it sends the room's batches here.</summary>
    public bool Subscribed
    {
        get => Volatile.Read(ref _subscribed);
        set => Volatile.Write(ref _subscribed, value);
    }

    public bool Closed { get; private set; }

    /// <summary>Membership changed since the last report to the grain.</summary>
    public bool Dirty { get; set; }

    public long LastReport { get; set; }

    public int BatchedCount { get; private set; }

    public int Count
    {
        get
        {
            lock (_members)
            {
                return _members.Count;
            }
        }
    }

    public Task OnBatch(RoomBatch batch)
    {
        _batches.Writer.TryWrite(batch);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Adds (or re-adds) a member and gives it a shard; null when the room is closed. <paramref name="previous"/>
    /// is the connection's earlier membership of this room, if any.
    /// </summary>
    public RoomMember? TryAdd(RoomMember member, out RoomMember? previous)
    {
        lock (_members)
        {
            previous = null;
            if (Closed)
            {
                return null;
            }
            var hadOld = _members.TryGetValue(member.ConnectionId, out var old);
            previous = old;
            if (hadOld && old!.Batched)
            {
                BatchedCount--;
            }
            // A connection that joins again keeps its shard, so it never sits in two shards of one room.
            var shard = hadOld ? old!.Shard : (int)((uint)_nextShard++ % (uint)_shards);
            member = member with { Shard = shard };
            _members[member.ConnectionId] = member;
            BatchedCount += member.Batched ? 1 : 0;
            Dirty = true;
            return member;
        }
    }

    public RoomMember? Remove(string connectionId)
    {
        lock (_members)
        {
            if (!_members.Remove(connectionId, out var member))
            {
                return null;
            }
            BatchedCount -= member.Batched ? 1 : 0;
            Dirty = true;
            return member;
        }
    }

    /// <summary>Closes the room if nobody is left; a closed room takes no members and is dropped.</summary>
    public bool CloseIfEmpty()
    {
        lock (_members)
        {
            Closed = _members.Count == 0;
            return Closed;
        }
    }

    /// <summary>Closes the room and returns everyone still in it.</summary>
    public IReadOnlyList<RoomMember> CloseAll()
    {
        lock (_members)
        {
            Closed = true;
            var all = _members.Values.ToList();
            _members.Clear();
            BatchedCount = 0;
            Dirty = true;
            return all;
        }
    }

    public IReadOnlyList<RoomMember> MembersOf(string userId)
    {
        lock (_members)
        {
            return _members.Values.Where(m => m.UserId == userId).ToList();
        }
    }

    public void Complete() => _batches.Writer.TryComplete();

    /// <summary>Raised after a batch announced bans or the end of the room, for the fan-out to drop connections.</summary>
    public Func<LocalRoom, RoomBatch, Task>? AfterBatch { get; set; }

    private async Task PumpAsync()
    {
        await foreach (var batch in _batches.Reader.ReadAllAsync())
        {
            try
            {
                await PushAsync(batch);
                if (AfterBatch is { } after && (batch.Ended || batch.Moderation.Any(m => m.Action == "ban")))
                {
                    await after(this, batch);
                }
            }
            catch (Exception exception)
            {
                _logger.LogWarning(exception, "Room {RoomId}: pushing a batch failed", RoomId);
            }
        }
    }

    /// <summary>
    /// One <c>batch</c> message to every batched viewer. SignalR serializes it once per group and writes the same
    /// bytes to each connection; the shards are written in parallel so one batch's fan-out spreads over the cores.
    /// </summary>
    private Task SendBatchAsync(BatchPayload payload)
    {
        if (_shards == 1)
        {
            return _hub.Clients.Group(_batchedGroups[0]).SendAsync("batch", payload);
        }
        var sends = new Task[_shards];
        for (var i = 0; i < _shards; i++)
        {
            var group = _hub.Clients.Group(_batchedGroups[i]);
            sends[i] = Task.Run(() => group.SendAsync("batch", payload));
        }
        return Task.WhenAll(sends);
    }

    private async Task PushAsync(RoomBatch batch)
    {
        var count = Count;
        var batched = BatchedCount;
        if (batched > 0)
        {
            await SendBatchAsync(PayloadMapper.Batch(batch));
        }
        if (count - batched <= 0 && !batch.Ended)
        {
            return;
        }
        var group = _hub.Clients.Group(RoomGroups.Events(RoomId));
        foreach (var comment in batch.Comments)
        {
            await group.SendAsync("comment", PayloadMapper.Comment(RoomId, comment));
        }
        foreach (var gift in batch.Gifts)
        {
            await group.SendAsync("gift", PayloadMapper.Gift(gift));
        }
        foreach (var deleted in batch.DeletedComments)
        {
            await group.SendAsync("commentDeleted", new CommentDeletedPayload(RoomId, deleted, batch.SentAt));
        }
        foreach (var notice in batch.Moderation)
        {
            await group.SendAsync("moderation", PayloadMapper.Moderation(RoomId, notice));
        }
        if (batch.TopGifters is { } top)
        {
            await group.SendAsync("leaderboard", new LeaderboardPayload(RoomId, PayloadMapper.TopGifters(top), batch.SentAt));
        }
        if (batch.Likes is { } likes)
        {
            await group.SendAsync("likes", new LikesPayload(RoomId, likes, batch.SentAt));
        }
        if (batch.Viewers is { } viewers)
        {
            await group.SendAsync("viewers", new ViewersPayload(RoomId, viewers, batch.SentAt));
        }
        if (batch.Ended)
        {
            await group.SendAsync("roomEnded", new RoomEndedPayload(RoomId, batch.SentAt));
        }
    }
}
