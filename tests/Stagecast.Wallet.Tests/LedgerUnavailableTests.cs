using Microsoft.Extensions.Logging.Abstractions;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>
/// What a caller of the ledger writer hears when the database cannot be reached: the typed, serializable
/// <see cref="LedgerUnavailableException"/> (the gateway turns it into "unavailable"), not the driver's exception.
/// </summary>
public sealed class LedgerUnavailableTests
{
    private sealed class GiftLikeCommand : LedgerCommand
    {
        public override string? Key => "probe:unreachable";

        public override Task<object> ExecuteAsync(LedgerBatch batch) => Task.FromResult<object>("done");
    }

    [Fact]
    public async Task A_database_that_refuses_connections_surfaces_as_ledger_unavailable()
    {
        // Nothing listens on a port just handed out and released: every connection attempt is refused.
        var database = new PostgresDatabase($"Host=127.0.0.1;Port={FreePort.Tcp()};Username=postgres;Database=postgres;Timeout=5;Pooling=false");
        await using var writer = new LedgerWriter(database, TimeProvider.System, NullLogger.Instance, maxBatch: 100);

        var error = await Assert.ThrowsAsync<LedgerUnavailableException>(() => writer.SubmitAsync<object>(new GiftLikeCommand()));
        Assert.Contains("retry with the same request id", error.Message);
        Assert.Null(error.InnerException);
    }
}
