using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Rooms.Payloads;

namespace Stagecast.Gateway.Rooms;

/// <summary>
/// A room as one gateway sees it: the local viewers and the observer the room grain sends batches to. Batches are
/// queued and pushed in order by one loop, so the Orleans thread that delivers them never waits on sockets.
/// </summary>
public sealed class LocalRoom : IRoomObserver
{
    private static readonly Meter Meter = new("Stagecast.Rooms");
    private static readonly Counter<long> SkippedWrites = Meter.CreateCounter<long>("stagecast.rooms.batches_skipped",
        description: "Batches not written to a batched viewer because it had not taken the previous one yet");
    private static readonly Counter<long> SlowViewersDisconnected = Meter.CreateCounter<long>("stagecast.rooms.slow_viewers_disconnected",
        description: "Batched viewers disconnected because a batch waited for them longer than SlowViewerTimeoutSeconds");

    private readonly Channel<RoomBatch> _batches = Channel.CreateUnbounded<RoomBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, RoomMember> _members = [];
    // Hub connections here per signed-in user, and the anonymous ones: People is derived from them.
    private readonly Dictionary<string, int> _tabsOfUser = new(StringComparer.Ordinal);
    private int _anonymous;
    private readonly IHubContext<LiveHub, ILiveClient> _hub;
    private readonly ILogger _logger;
    private readonly int _workers;
    private readonly int _chunk;
    private readonly long _giveUpAfterMs;
    private BatchedConnection[] _targets = [];
    private RoomMember[] _blockers = [];
    private bool _targetsStale;
    private bool _subscribed;

    public LocalRoom(string roomId, IHubContext<LiveHub, ILiveClient> hub, RoomsOptions options, ILogger logger)
    {
        RoomId = roomId;
        _hub = hub;
        _workers = options.Workers;
        _chunk = Math.Max(1, options.FanoutChunk);
        _giveUpAfterMs = (long)(options.SlowViewerTimeoutSeconds * 1000);
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

    /// <summary>The room's host, once a join told this gateway: their hub connections here are the studio's.</summary>
    public string? HostId { get; set; }

    /// <summary>Whether the host has a connection here (the studio, or the host watching their own room).</summary>
    public bool HostHere
    {
        get
        {
            lock (_members)
            {
                return HostId is { } host && _tabsOfUser.ContainsKey(host);
            }
        }
    }

    /// <summary>
    /// The people here: a signed-in user once however many tabs they have open, each anonymous connection once
    /// (nothing tells two anonymous tabs from two people). The host is among them while connected.
    /// </summary>
    public int People
    {
        get
        {
            lock (_members)
            {
                return _anonymous + _tabsOfUser.Count;
            }
        }
    }

    /// <summary>Membership changed since the last report to the grain.</summary>
    public bool Dirty { get; set; }

    public long LastReport { get; set; }

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
    /// Adds (or re-adds) a member; null when the room is closed. <paramref name="previous"/> is the connection's
    /// earlier membership of this room, if any.
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
            if (_members.TryGetValue(member.ConnectionId, out previous))
            {
                Untrack(previous.UserId);
            }
            Track(member.UserId);
            if (previous?.Delivery is { } delivery && member.Batched)
            {
                // A connection that joins again keeps its delivery state, so it never has two writers in one room.
                member = member with { Delivery = delivery };
            }
            _members[member.ConnectionId] = member;
            _targetsStale = true;
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
            Untrack(member.UserId);
            _targetsStale = true;
            Dirty = true;
            return member;
        }
    }

    /// <summary>True when the connection is a member here.</summary>
    public bool Contains(string connectionId)
    {
        lock (_members)
        {
            return _members.ContainsKey(connectionId);
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
            _tabsOfUser.Clear();
            _anonymous = 0;
            _targetsStale = true;
            Dirty = true;
            return all;
        }
    }

    private void Track(string? userId)
    {
        if (userId is null)
        {
            _anonymous++;
            return;
        }
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_tabsOfUser, userId, out _)++;
    }

    private void Untrack(string? userId)
    {
        if (userId is null)
        {
            _anonymous--;
        }
        else if (_tabsOfUser.TryGetValue(userId, out var tabs))
        {
            if (tabs > 1)
            {
                _tabsOfUser[userId] = tabs - 1;
            }
            else
            {
                _tabsOfUser.Remove(userId);
            }
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

    /// <summary>Raised before a batch is pushed: viewers' block lists that changed (on any gateway) apply to its comments.</summary>
    public Action<RoomBatch>? BeforeBatch { get; set; }

    /// <summary>Raised after a batch announced bans or the end of the room, for the fan-out to drop connections.</summary>
    public Func<LocalRoom, RoomBatch, Task>? AfterBatch { get; set; }

    private async Task PumpAsync()
    {
        await foreach (var batch in _batches.Reader.ReadAllAsync())
        {
            try
            {
                BeforeBatch?.Invoke(batch);
                if (!ViewerBlocks.Only(batch))
                {
                    await PushAsync(batch);
                }
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
    /// The batched viewers' connections (rebuilt after membership changes), how many members get separate events, and
    /// the signed-in members (who may have blocked a commenter).
    /// </summary>
    private (BatchedConnection[] Batched, int Others, RoomMember[] Blockers) Audience()
    {
        lock (_members)
        {
            if (_targetsStale)
            {
                _targets = _members.Values.Select(m => m.Delivery).OfType<BatchedConnection>().ToArray();
                _blockers = _members.Values.Where(m => m.Blocks is not null).ToArray();
                _targetsStale = false;
            }
            return (_targets, _members.Count - _targets.Length, _blockers);
        }
    }

    /// <summary>
    /// One <c>batch</c> message to every batched viewer: serialized once per protocol, the same bytes written to
    /// each connection by up to <c>FanoutWorkers</c> loops in parallel.
    /// </summary>
    private async Task SendBatchAsync(BatchedConnection[] targets, BatchPayload payload)
    {
        var message = new SerializedHubMessage(new InvocationMessage(LiveEvents.Batch, [payload]));
        var now = Environment.TickCount64;
        var workers = Math.Clamp(targets.Length / _chunk, 1, _workers);
        if (workers == 1)
        {
            await WriteRangeAsync(targets, 0, targets.Length, message, now);
            return;
        }
        var share = (targets.Length + workers - 1) / workers;
        var writes = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var from = w * share;
            var to = Math.Min(targets.Length, from + share);
            writes[w] = Task.Run(() => WriteRangeAsync(targets, from, to, message, now));
        }
        await Task.WhenAll(writes);
    }

    /// <summary>
    /// Writes the batch to <c>targets[from..to]</c>, yielding to the thread pool after every <c>FanoutChunk</c>
    /// connections. Each write hands the bytes to a connection's transport, whose send
    /// runs as a thread-pool item; yielding lets those sends run (and give their buffers back to the shared pool)
    /// before more are queued, so a batch to 10,000 viewers keeps a few dozen buffers in flight instead of 10,000
    /// (which the pool cannot hold, so they became garbage and long GC pauses).
    /// </summary>
    private async Task WriteRangeAsync(BatchedConnection[] targets, int from, int to, SerializedHubMessage message, long now)
    {
        for (var i = from; i < to; i++)
        {
            switch (targets[i].Write(message, now, _giveUpAfterMs))
            {
                case BatchWrite.Skipped:
                    SkippedWrites.Add(1);
                    break;
                case BatchWrite.Aborted:
                    SlowViewersDisconnected.Add(1);
                    _logger.LogInformation("Room {RoomId}: connection {ConnectionId} stopped taking batches; disconnected",
                        RoomId, targets[i].Connection.ConnectionId);
                    break;
            }
            if ((i - from) % _chunk == _chunk - 1)
            {
                await Task.Yield();
            }
        }
    }

    private async Task PushAsync(RoomBatch batch)
    {
        var (batched, others, blockers) = Audience();
        var held = CommentHolds.Find(blockers, batch.Comments);
        if (batched.Length > 0)
        {
            await SendBatchAsync(held.Count == 0 ? batched : CommentHolds.Without(batched, held), PayloadMapper.Batch(batch));
            foreach (var member in held.Values.Where(m => m.Batched))
            {
                // This viewer blocked a commenter in the batch: their own copy, without those comments.
                var own = batch with { Comments = CommentHolds.Visible(batch.Comments, member) };
                member.Delivery!.Write(new SerializedHubMessage(new InvocationMessage(LiveEvents.Batch, [PayloadMapper.Batch(own)])),
                    Environment.TickCount64, _giveUpAfterMs);
            }
        }
        if (others <= 0 && !batch.Ended)
        {
            return;
        }
        var group = _hub.Clients.Group(RoomGroups.Events(RoomId));
        foreach (var comment in batch.Comments)
        {
            var except = CommentHolds.Blocking(held, comment.UserId);
            await (except.Count == 0 ? group : _hub.Clients.GroupExcept(RoomGroups.Events(RoomId), except))
                .Comment(PayloadMapper.Comment(RoomId, comment));
        }
        foreach (var gift in batch.Gifts)
        {
            await group.Gift(PayloadMapper.Gift(gift));
        }
        if (PayloadMapper.MoreGifts(batch) is { } more)
        {
            await group.MoreGifts(more);
        }
        foreach (var deleted in batch.DeletedComments)
        {
            await group.CommentDeleted(new CommentDeletedPayload(RoomId, deleted, batch.SentAt));
        }
        foreach (var notice in batch.Moderation)
        {
            await group.Moderation(PayloadMapper.Moderation(RoomId, notice));
        }
        if (batch.TopGifters is { } top)
        {
            await group.Leaderboard(new LeaderboardPayload(RoomId, PayloadMapper.TopGifters(top), batch.SentAt));
        }
        if (batch.Likes is { } likes)
        {
            await group.Likes(new LikesPayload(RoomId, likes, batch.SentAt));
        }
        if (batch.Viewers is { } viewers)
        {
            await group.Viewers(new ViewersPayload(RoomId, viewers, batch.SentAt));
        }
        if (batch.Match is { } match)
        {
            await group.Match(Matches.MatchMapper.Payload(match));
        }
        if (batch.Ended)
        {
            await group.RoomEnded(new RoomEndedPayload(RoomId, batch.SentAt, PayloadMapper.EndReasonName(batch.EndReason)));
        }
    }
}
