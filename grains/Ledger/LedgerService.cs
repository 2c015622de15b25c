using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Ledger;

/// <summary>What wallet grains need: the economy settings, the group-commit writer and the reader, one set per silo.</summary>
public sealed class LedgerService(EconomyOptions economy, LedgerWriter writer, LedgerReader reader, TimeProvider time) : IAsyncDisposable
{
    public EconomyOptions Economy => economy;

    public LedgerWriter Writer => writer;

    public LedgerReader Reader => reader;

    public TimeProvider Time => time;

    public ValueTask DisposeAsync() => writer.DisposeAsync();

    /// <summary>The silo's ledger over its database; the container owns (and disposes) it.</summary>
    public static LedgerService Create(IRelationalDatabase database, EconomyOptions economy, TimeProvider time, ILoggerFactory loggers) =>
        new(economy, new LedgerWriter(database, time, loggers.CreateLogger<LedgerWriter>(), economy.MaxBatch, WritersFor(database.Kind, economy),
            database.Kind != "sqlite" && economy.LedgerPipeline), new LedgerReader(database), time);

    /// <summary>SQLite: one writer (a second would only wait on the file's write lock); PostgreSQL: the configured shards.</summary>
    public static int WritersFor(string kind, EconomyOptions economy) =>
        kind == "sqlite" ? 1 : Math.Clamp(economy.LedgerWriters ?? EconomyOptions.DefaultLedgerWriters, 1, 64);
}
