using Stagecast.Contracts.Subscriptions;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using static Stagecast.Contracts.Subscriptions.SubscriptionStatus;

namespace Stagecast.Grains.Subscriptions;

/// <summary>
/// Applies one verified event to a subscription in the same database transaction as the event id's record, so a
/// replay changes nothing. Money moves once per invoice (<see cref="SubscriptionInvoices"/>); refunds and disputes
/// bring what is taken back to what their facts imply (<see cref="SubscriptionClawback"/>). Status snapshots older
/// than the last one applied are ignored, and canceled is final, so out-of-order deliveries cannot reopen anything.
/// </summary>
public sealed class SubscriptionCommand(string subscriptionId, SubscriptionSignal signal, SubscriptionOptions options, EconomyOptions economy) : LedgerCommand
{
    public override string? Key => null;

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        var outcome = await ApplyAsync(batch);
        if (outcome != SubscriptionOutcome.UnknownSubscription)
        {
            await using var record = batch.Command("INSERT INTO ledger_event (event_id, type, outcome, at) VALUES (@e, @t, @o, @at) ON CONFLICT (event_id) DO NOTHING");
            LedgerBatch.Add(record, "@e", signal.EventId);
            LedgerBatch.Add(record, "@t", signal.EventType);
            LedgerBatch.Add(record, "@o", outcome.ToString());
            LedgerBatch.Add(record, "@at", batch.NowMs);
            await record.ExecuteNonQueryAsync();
        }
        return outcome;
    }

    private async Task<SubscriptionOutcome> ApplyAsync(LedgerBatch batch)
    {
        await using (var seen = batch.Command("SELECT 1 FROM ledger_event WHERE event_id = @e"))
        {
            LedgerBatch.Add(seen, "@e", signal.EventId);
            if (await seen.ExecuteScalarAsync() is not null and not DBNull)
            {
                return SubscriptionOutcome.NoChange;
            }
        }
        var row = await SubscriptionQueries.FindAsync(batch.Command(""), subscriptionId);
        if (row is null)
        {
            return SubscriptionOutcome.UnknownSubscription;
        }
        var at = signal.CreatedAt.ToUnixTimeMilliseconds();
        var stale = at < row.StateAtMs;
        switch (signal.Kind)
        {
            case SubscriptionSignalKind.CheckoutCompleted:
                await SaveAsync(batch, row with { ProviderRef = row.ProviderRef ?? signal.ProviderRef });
                return SubscriptionOutcome.Recorded;
            case SubscriptionSignalKind.InvoicePaid:
                if (!await SubscriptionInvoices.BookAsync(batch, row, signal, options, economy))
                {
                    return SubscriptionOutcome.NoChange;
                }
                await SubscriptionOrphans.ReplayAsync(batch, row, signal);
                return await PaidAsync(batch, row, at, stale);
            case SubscriptionSignalKind.InvoiceFailed when row.Status is Active or PastDue && !stale:
                await SaveAsync(batch, row with { Status = PastDue, GraceUntilMs = row.GraceUntilMs ?? at + (long)options.GracePeriod.TotalMilliseconds, StateAtMs = at });
                return SubscriptionOutcome.PastDue;
            case SubscriptionSignalKind.Updated when row.Status != Canceled && !stale:
                return await UpdatedAsync(batch, row, at);
            case SubscriptionSignalKind.Deleted when row.Status != Canceled:
                await SaveAsync(batch, row with { Status = Canceled, StateAtMs = Math.Max(at, row.StateAtMs) });
                return SubscriptionOutcome.Canceled;
            case SubscriptionSignalKind.Refunded or SubscriptionSignalKind.Disputed:
                return await SubscriptionClawback.ApplyAsync(batch, row, signal);
            default:
                return SubscriptionOutcome.NoChange;
        }
    }

    private async Task<SubscriptionOutcome> PaidAsync(LedgerBatch batch, SubscriptionRow row, long at, bool stale)
    {
        var first = row.Status == Pending;
        var periodEnd = Max(row.PeriodEndMs, signal.PeriodEnd?.ToUnixTimeMilliseconds());
        // A paid invoice always books its money; an older one than the last snapshot does not change the status.
        var next = row.Status == Canceled || stale
            ? row with { PeriodEndMs = periodEnd, ProviderRef = row.ProviderRef ?? signal.ProviderRef }
            : row with { Status = Active, GraceUntilMs = null, PeriodEndMs = periodEnd, StateAtMs = at, ProviderRef = row.ProviderRef ?? signal.ProviderRef };
        await SaveAsync(batch, next);
        return first ? SubscriptionOutcome.Activated : SubscriptionOutcome.Renewed;
    }

    private async Task<SubscriptionOutcome> UpdatedAsync(LedgerBatch batch, SubscriptionRow row, long at)
    {
        var status = signal.ProviderStatus switch
        {
            "active" or "trialing" => Active,
            "past_due" or "unpaid" => PastDue,
            "canceled" or "incomplete_expired" => Canceled,
            _ => row.Status,
        };
        // A pending subscription becomes active through its paid invoice, not a snapshot that says active.
        if (row.Status == Pending && status == Active)
        {
            status = Pending;
        }
        var next = row with
        {
            Status = status,
            GraceUntilMs = status == PastDue ? row.GraceUntilMs ?? at + (long)options.GracePeriod.TotalMilliseconds : null,
            PeriodEndMs = signal.PeriodEnd?.ToUnixTimeMilliseconds() ?? row.PeriodEndMs,
            CancelAtPeriodEnd = signal.CancelAtPeriodEnd ?? row.CancelAtPeriodEnd,
            ProviderRef = row.ProviderRef ?? signal.ProviderRef,
            StateAtMs = at,
        };
        await SaveAsync(batch, next);
        return status == Canceled ? SubscriptionOutcome.Canceled : next == row ? SubscriptionOutcome.NoChange : SubscriptionOutcome.Updated;
    }

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static async Task SaveAsync(LedgerBatch batch, SubscriptionRow row)
    {
        await using var command = batch.Command("""
            UPDATE ledger_subscription SET status = @s, provider_ref = @r, period_end = @p, cancel_at_period_end = @c, grace_until = @g,
                state_at = @sa, updated_at = @at WHERE subscription_id = @id
            """);
        LedgerBatch.Add(command, "@s", row.Status);
        LedgerBatch.Add(command, "@r", row.ProviderRef);
        LedgerBatch.Add(command, "@p", row.PeriodEndMs);
        LedgerBatch.Add(command, "@c", row.CancelAtPeriodEnd ? 1 : 0);
        LedgerBatch.Add(command, "@g", row.GraceUntilMs);
        LedgerBatch.Add(command, "@sa", row.StateAtMs);
        LedgerBatch.Add(command, "@at", batch.NowMs);
        LedgerBatch.Add(command, "@id", row.SubscriptionId);
        await command.ExecuteNonQueryAsync();
    }
}
