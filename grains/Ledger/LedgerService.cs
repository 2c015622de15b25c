using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Ledger;

/// <summary>What wallet grains need: the economy settings, the group-commit writer and the reader, one set per silo.</summary>
public sealed class LedgerService(EconomyOptions economy, LedgerWriter writer, LedgerReader reader, TimeProvider time) : IAsyncDisposable
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IRelationalDatabase, LedgerService> Unregistered = new();

    public EconomyOptions Economy => economy;

    public LedgerWriter Writer => writer;

    public LedgerReader Reader => reader;

    public TimeProvider Time => time;

    /// <summary>The registered service, or (a silo host that forgot AddStagecastLedger) one per database.</summary>
    public static LedgerService For(IServiceProvider services) =>
        services.GetService<LedgerService>() ?? Unregistered.GetValue(services.GetRequiredService<IRelationalDatabase>(), _ => Create(services));

    public ValueTask DisposeAsync() => writer.DisposeAsync();

    public static LedgerService Create(IServiceProvider services)
    {
        var database = services.GetRequiredService<IRelationalDatabase>();
        var economy = EconomyOptions.From(services.GetRequiredService<IConfiguration>());
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<LedgerWriter>();
        return new LedgerService(economy, new LedgerWriter(database, time, logger, economy.MaxBatch), new LedgerReader(database), time);
    }
}
