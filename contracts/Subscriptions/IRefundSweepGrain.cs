namespace Stagecast.Contracts.Subscriptions;

/// <summary>
/// The periodic sweep for parked refunds and disputes (key: 0): a refund parked because its invoice was not booked
/// yet is applied by the next sweep once the invoice is booked, even when the claim that should have followed the
/// booking or the parking never ran (a process died between the two commits).
/// </summary>
[Alias("Stagecast.IRefundSweepGrain")]
public interface IRefundSweepGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the durable reminder that drives the sweep exists (idempotent).</summary>
    [Alias("Arm")]
    Task Arm();

    /// <summary>Runs one sweep now; how many parked payments were applied to their booked invoices.</summary>
    [Alias("Sweep")]
    Task<int> Sweep();
}
