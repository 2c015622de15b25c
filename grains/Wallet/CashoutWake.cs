namespace Stagecast.Grains.Wallet;

/// <summary>What a cash-out does when its reminder (or a new activation) wakes it.</summary>
internal enum CashoutWake
{
    /// <summary>Nothing to drive: never started, or answered definitely.</summary>
    Stop,

    /// <summary>Stored but never attempted (the silo died between reserving and the first attempt, or before reserving: the reservation is idempotent): start again.</summary>
    Restart,

    /// <summary>The next try is due.</summary>
    Attempt,

    /// <summary>The next try is later: a timer waits for it.</summary>
    Wait,
}
