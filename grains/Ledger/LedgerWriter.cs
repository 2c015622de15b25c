using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger.Sql;
using Stagecast.Grains.Operations;
using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// The group-commit writer: callers queue commands, one loop takes whatever is queued (up to a batch limit), runs
/// it in one database transaction and commits, then completes every caller. Nobody hears "done" before the commit
/// returned. If a batch fails, each of its commands is retried alone, so one bad command cannot sink the others.
/// </summary>
public sealed class LedgerWriter : IAsyncDisposable
{
    private readonly IRelationalDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxBatch;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private DbConnection? _connection;

    public LedgerWriter(IRelationalDatabase database, TimeProvider time, ILogger logger, int maxBatch)
    {
        _database = database;
        _time = time;
        _logger = logger;
        _maxBatch = Math.Max(1, maxBatch);
        _loop = Task.Run(RunAsync);
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

    public async Task<T> SubmitAsync<T>(LedgerCommand command)
    {
        var pending = new Pending(command, new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The ledger writer has stopped.");
        }
        return (T)await pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            try
            {
                var results = await ExecuteAsync(batch);
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
                        var results = await ExecuteAsync([pending]);
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

    private async Task<object[]> ExecuteAsync(List<Pending> batch)
    {
        await _database.EnsureSchemaAsync(LedgerSchema.Name, LedgerSchema.Ddl);
        var connection = _connection ??= await OpenAsync();
        using var span = LedgerTelemetry.Source.StartActivity("ledger.commit");
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
            _connection = null;
            throw;
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
        _queue.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
        }
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private sealed record Pending(LedgerCommand Command, TaskCompletionSource<object> Completion);
}
