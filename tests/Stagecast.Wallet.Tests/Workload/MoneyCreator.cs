using Stagecast.Contracts.Wallet;

namespace Stagecast.Wallet.Tests.Workload;

/// <summary>
/// A creator of the workload: connects a Stripe account once, then cashes out part of the available diamonds,
/// one cash-out at a time (a cut-off one is started again with its id, which answers the stored ticket). Transfers
/// to a refusing account (<paramref name="refused"/>) must end "failed" with the diamonds back; the others "paid".
/// Only final answers are recorded; the checks compare them with the ledger and with the transfers Stripe made.
/// </summary>
public sealed class MoneyCreator(string id, string accountId, bool refused, Random random) : IMoneyActor
{
    private Func<IGrainFactory, Task>? _pending;
    private bool _connected;
    private int _seq;

    public string Id => id;

    public string AccountId => accountId;

    public bool Refused => refused;

    /// <summary>Cash-outs the creator was told are paid or failed, by id, with their diamonds.</summary>
    public Dictionary<string, long> Paid { get; } = [];

    public Dictionary<string, long> Failed { get; } = [];

    public async Task StepAsync(IGrainFactory grains)
    {
        _pending ??= Next();
        await _pending(grains);
        _pending = null;
    }

    private Func<IGrainFactory, Task> Next()
    {
        if (!_connected)
        {
            return async grains =>
            {
                Assert.True((await grains.GetGrain<IWalletGrain>(id).SetConnect(accountId, payoutsEnabled: true)).PayoutsEnabled);
                _connected = true;
            };
        }
        var cashoutId = $"{id}-co-{_seq++}";
        long? diamonds = null;
        return async grains =>
        {
            var wallet = grains.GetGrain<IWalletGrain>(id);
            if (diamonds is null)
            {
                var available = (await wallet.GetSummary()).Diamonds;
                if (available < MinimumCashout)
                {
                    return; // nothing to cash out yet: a look at the wallet
                }
                diamonds = MinimumCashout + random.NextInt64(Math.Min(available, 4 * MinimumCashout) - MinimumCashout + 1);
            }
            var cashout = grains.GetGrain<ICashoutGrain>(cashoutId);
            var ticket = await cashout.Start(id, diamonds.Value);
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(45));
            while (ticket.Status == CashoutStatus.Reserved)
            {
                // Transfer outcome not known yet (retrying): poll the stored ticket (a failure guard, not a timing assertion).
                await Task.Delay(50, guard.Token);
                ticket = await cashout.GetTicket();
            }
            Assert.Equal(diamonds.Value, ticket.Diamonds);
            Assert.Equal(refused ? CashoutStatus.Failed : CashoutStatus.Paid, ticket.Status);
            (refused ? Failed : Paid)[cashoutId] = ticket.Diamonds;
        };
    }

    public const long MinimumCashout = 10;
}
