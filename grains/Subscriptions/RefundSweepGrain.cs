using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Subscriptions;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Subscriptions;

/// <summary>
/// Retries parked refunds and disputes against booked invoices every <see cref="SubscriptionOptions.RefundSweepPeriod"/>
/// (<see cref="RefundSweepCommand"/>). A durable reminder (armed at silo start and before any refund is parked) keeps it
/// going across restarts; Orleans reminders tick at most once a minute, so a grain timer makes shorter periods while
/// the grain is active, and the reminder brings it back after a restart.
/// </summary>
public sealed class RefundSweepGrain(LedgerService ledger, IRelationalDatabase database, SubscriptionOptions options, ILogger<RefundSweepGrain> logger)
    : Grain, IRefundSweepGrain, IRemindable
{
    private const string ReminderName = "refund-sweep";
    private static readonly TimeSpan ReminderMinimum = TimeSpan.FromMinutes(1);
    private bool _armed;

    private TimeSpan ReminderPeriod => options.RefundSweepPeriod > ReminderMinimum ? options.RefundSweepPeriod : ReminderMinimum;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (options.RefundSweepPeriod < ReminderMinimum)
        {
            this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(options.RefundSweepPeriod, options.RefundSweepPeriod) { KeepAlive = true });
        }
        return Task.CompletedTask;
    }

    public async Task Arm()
    {
        if (!_armed)
        {
            await this.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod);
            _armed = true;
        }
    }

    public async Task<int> Sweep()
    {
        await SubscriptionSchema.EnsureAsync(database);
        await PaymentsSchema.EnsureAsync(database);
        var claimed = await ledger.Writer.SubmitAsync<int>(new RefundSweepCommand());
        if (claimed > 0)
        {
            logger.LogInformation("Refund sweep applied what was parked for {Count} payment(s) to their booked invoices", claimed);
        }
        return claimed;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _armed = true;
        await Tick(CancellationToken.None);
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        try
        {
            await Sweep();
        }
        catch (Exception ex)
        {
            // The next tick tries again; nothing was applied unless the batch committed.
            logger.LogWarning(ex, "Refund sweep failed; retried at the next tick");
        }
    }
}
