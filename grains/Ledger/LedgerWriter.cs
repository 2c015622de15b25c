using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger.Sql;
using Stagecast.Grains.Operations;
using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// The group-commit writer: callers queue commands, a loop takes whatever is queued (up to a batch limit), runs
/// it in one database transaction and commits, then completes every caller. Nobody hears "done" before the commit
/// returned. If a batch fails, each of its commands is retried alone, so one bad command cannot sink the others.
/// With several shards (PostgreSQL), each shard is such a loop with its own connection, so several batches are in
/// flight at once; a command goes to the shard of its <see cref="LedgerCommand.Shard"/> (its account holder), so one
/// holder's commands stay on one connection, in order, as on a single writer. Shared rows are locked in name order.
/// Pipelining (PostgreSQL, <see cref="EconomyOptions.LedgerPipeline"/>): a shard collects and runs batch N+1 on its
/// second connection while batch N commits, at most two in flight; N+1 takes no command of a holder in N (those wait,
/// in order, for the batch after N committed), so the two open transactions touch disjoint holders' rows, exactly as
/// two shards do, and every caller still hears only after its own batch committed.
/// </summary>
public sealed class LedgerWriter : IAsyncDisposable
{
    private readonly IRelationalDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxBatch;
    private readonly Shard[] _shards;
    private readonly bool _pipeline;

    public LedgerWriter(IRelationalDatabase database, TimeProvider time, ILogger logger, int maxBatch, int shards = 1, bool pipeline = false)
    {
        _pipeline = pipeline;
        _database = database;
        _time = time;
        _logger = logger;
        _maxBatch = Math.Max(1, maxBatch);
        _shards = new Shard[Math.Max(1, shards)];
        for (var i = 0; i < _shards.Length; i++)
        {
            var shard = _shards[i] = new Shard();
            shard.Loop = Task.Run(() => RunAsync(shard));
        }
    }

    /// <summary>How many writer loops (each with its own connection and batches in flight) this writer runs.</summary>
    public int Shards => _shards.Length;

    /// <summary>The shard a holder's commands go to: a stable hash (FNV-1a), the same in every process.</summary>
    public static int ShardOf(string? holder, int shards)
    {
        if (holder is null || shards <= 1)
        {
            return 0;
        }
        return (int)(StableHash.Fnv1a(holder) % (uint)shards);
    }

    /// <summary>Counts batches and commands, for the benchmark's report.</summary>
    public long Batches;

    public long Commands;

    /// <summary>Stopwatch ticks spent running commands and flushing (before commit), and committing.</summary>
    public long WorkTicks;

    public long CommitTicks;

    public long BeginTicks;

    /// <summary>Parts of <see cref="WorkTicks"/>: the key prefetch and up-front debits, and writing the batch's rows.</summary>
    public long ReadTicks;

    public long FlushTicks;

    /// <summary>Most batches that were between BEGIN and COMMIT at the same time (shards overlapping), and how many are now.</summary>
    public int PeakInFlight;

    private int _inFlight;

    public async Task<T> SubmitAsync<T>(LedgerCommand command)
    {
        var pending = new Pending(command, new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_shards[ShardOf(command.Shard, _shards.Length)].Queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The ledger writer has stopped.");
        }
        return (T)await pending.Completion.Task;
    }

    private async Task RunAsync(Shard shard)
    {
        var reader = shard.Queue.Reader;
        var deferred = new List<Pending>();
        Task? inFlight = null;
        Task<bool>? readable = null;
        HashSet<string?>? inFlightHolders = null;
        var lane = 0;
        while (true)
        {
            if (inFlight is { IsCompleted: true })
            {
                (inFlight, inFlightHolders) = (null, null);
            }
            var (batch, holders) = Collect(reader, deferred, inFlightHolders);
            if (batch.Count == 0)
            {
                if (inFlight is not null && deferred.Count > 0)
                {
                    // Everything waiting belongs to holders of the batch in flight: their order needs its commit first.
                    await inFlight;
                    continue;
                }
                readable ??= reader.WaitToReadAsync().AsTask();
                await (inFlight is null ? readable : Task.WhenAny(inFlight, readable) as Task);
                if (readable.IsCompleted)
                {
                    var more = await readable;
                    readable = null;
                    if (!more && inFlight is null && deferred.Count == 0)
                    {
                        return;
                    }
                    if (!more && inFlight is not null)
                    {
                        // Stopping: let the batch in flight finish before what waits for it.
                        await inFlight;
                    }
                }
                continue;
            }
            var running = RunBatchAsync(shard.Lanes[lane], batch);
            if (!_pipeline)
            {
                await running;
                continue;
            }
            lane ^= 1;
            if (inFlight is not null)
            {
                // At most two batches in flight per shard: the older one finishes before a third is collected.
                await inFlight;
            }
            (inFlight, inFlightHolders) = (running, holders);
        }
    }

    /// <summary>
    /// The next batch: waiting commands first, then the queue, in order, up to the batch limit. A command whose holder
    /// is in the batch in flight (or has an earlier command waiting) waits too, so one holder's commands never run in
    /// two open transactions and stay in order; the batches in flight have disjoint holders, as shards do.
    /// </summary>
    private (List<Pending> Batch, HashSet<string?> Holders) Collect(ChannelReader<Pending> reader, List<Pending> deferred, HashSet<string?>? busy)
    {
        var batch = new List<Pending>(Math.Min(_maxBatch, 64));
        var holders = new HashSet<string?>();
        var waiting = new HashSet<string?>();
        var kept = new List<Pending>();
        void Take(Pending pending)
        {
            var holder = pending.Command.Shard;
            if (batch.Count < _maxBatch && busy?.Contains(holder) != true && !waiting.Contains(holder))
            {
                batch.Add(pending);
                holders.Add(holder);
            }
            else
            {
                kept.Add(pending);
                waiting.Add(holder);
            }
        }
        foreach (var pending in deferred)
        {
            Take(pending);
        }
        while (batch.Count < _maxBatch && kept.Count < _maxBatch && reader.TryRead(out var pending))
        {
            Take(pending);
        }
        deferred.Clear();
        deferred.AddRange(kept);
        return (batch, holders);
    }

    /// <summary>Runs one batch on a lane's connection and completes its callers after the commit (or retries it command by command).</summary>
    private async Task RunBatchAsync(Lane lane, List<Pending> batch)
    {
        try
        {
            var results = await ExecuteAsync(lane, batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(results[i]);
            }
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            _logger.LogWarning(ex, "Ledger batch of {Count} failed; retrying its commands one by one", batch.Count);
            foreach (var pending in batch)
            {
                try
                {
                    var results = await ExecuteAsync(lane, [pending]);
                    pending.Completion.TrySetResult(results[0]);
                }
                catch (Exception single)
                {
                    pending.Completion.TrySetException(Surfaced(single));
                }
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Ledger command {Key} failed", batch[0].Command.Key);
            batch[0].Completion.TrySetException(Surfaced(ex));
        }
    }

    /// <summary>
    /// What a caller hears when its command failed: a database that is down, cut off or unsure whether it committed
    /// becomes <see cref="LedgerUnavailableException"/> (typed, serializable to clients; the details stay in this log),
    /// anything else is the command's own error.
    /// </summary>
    private static Exception Surfaced(Exception ex) =>
        ex is TimeoutException
            || ex is DbException { IsTransient: true }
            || ex is DbException { SqlState: { } state } && (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal))
            || ex is DbException { InnerException: IOException or System.Net.Sockets.SocketException or TimeoutException }
            ? new LedgerUnavailableException()
            : ex;

    private async Task<object[]> ExecuteAsync(Lane lane, List<Pending> batch)
    {
        await _database.EnsureSchemaAsync(LedgerSchema.Name, LedgerSchema.Ddl);
        var connection = lane.Connection ??= await OpenAsync();
        using var span = LedgerTelemetry.Source.StartActivity("ledger.commit");
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var peak = Volatile.Read(ref PeakInFlight); inFlight > peak; peak = Volatile.Read(ref PeakInFlight))
        {
            Interlocked.CompareExchange(ref PeakInFlight, inFlight, peak);
        }
        span?.SetTag("stagecast.ledger.batch.size", batch.Count);
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var transaction = await connection.BeginTransactionAsync();
            Interlocked.Add(ref BeginTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
            var context = new LedgerBatch(connection, transaction, _time.GetUtcNow().ToUnixTimeMilliseconds(), LedgerSql.For(_database.Kind));
            var keys = batch.Select(p => p.Command.Key).OfType<string>().ToArray();
            await context.PrefetchAsync(keys);
            await context.PreDebitAsync(batch.Select(p => p.Command).ToArray());
            var read = System.Diagnostics.Stopwatch.GetTimestamp();
            var results = new object[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = await batch[i].Command.ExecuteAsync(context);
            }
            var flushing = System.Diagnostics.Stopwatch.GetTimestamp();
            await context.FlushAsync();
            var committing = System.Diagnostics.Stopwatch.GetTimestamp();
            await transaction.CommitAsync();
            var done = System.Diagnostics.Stopwatch.GetTimestamp();
            Interlocked.Add(ref WorkTicks, committing - started);
            Interlocked.Add(ref ReadTicks, read - started);
            Interlocked.Add(ref FlushTicks, committing - flushing);
            Interlocked.Add(ref CommitTicks, done - committing);
            Interlocked.Increment(ref Batches);
            Interlocked.Add(ref Commands, batch.Count);
            LedgerTelemetry.Committed(span, batch.Count, started, committing, done);
            return results;
        }
        catch (Exception ex)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            // A broken connection must not be reused; a fresh one comes from the pool.
            await connection.DisposeAsync();
            lane.Connection = null;
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>
    /// The writer's own connection, kept open between batches. On SQLite it gets a 64 MiB page cache (the default
    /// is 2 MiB): each batch touches index pages all over the ledger's tables, and pages evicted between batches
    /// would be read back from the file on the next one.
    /// </summary>
    private async Task<DbConnection> OpenAsync()
    {
        var connection = await _database.OpenAsync();
        if (_database.Kind == "sqlite")
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA cache_size = -65536";
            await pragma.ExecuteNonQueryAsync();
        }
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var shard in _shards)
        {
            shard.Queue.Writer.TryComplete();
        }
        try
        {
            await Task.WhenAll(_shards.Select(s => s.Loop)).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
        }
        foreach (var lane in _shards.SelectMany(s => s.Lanes))
        {
            if (lane.Connection is not null)
            {
                await lane.Connection.DisposeAsync();
            }
        }
    }

    /// <summary>One writer loop: its queue, its task and its two lanes (the second is used only when pipelining).</summary>
    private sealed class Shard
    {
        public Channel<Pending> Queue { get; } = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

        public Task Loop { get; set; } = Task.CompletedTask;

        public Lane[] Lanes { get; } = [new(), new()];
    }

    /// <summary>A connection of a shard, kept open between batches; one batch at a time uses it.</summary>
    private sealed class Lane
    {
        public DbConnection? Connection { get; set; }
    }

    private sealed record Pending(LedgerCommand Command, TaskCompletionSource<object> Completion);
}
