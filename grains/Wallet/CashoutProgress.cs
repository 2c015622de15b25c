using Stagecast.Contracts.Wallet;

namespace Stagecast.Grains.Wallet;

/// <summary>The cash-out's stored progress read as decisions; pure, so its rules are testable without a silo.</summary>
internal static class CashoutProgress
{
    /// <summary>Stored, not answered yet: someone has to drive it.</summary>
    public static bool Pending(CashoutGrainState s) => s is { UserId: not null, Done: false };

    /// <summary>Whether a cash-out may be stored and driven at all; when not, the wallet refuses it and says why.</summary>
    public static bool Payable(ConnectStatus? connect, long diamonds, long minimumDiamonds) =>
        connect is { AccountId: not null, PayoutsEnabled: true } && diamonds >= minimumDiamonds;

    /// <summary>A reservation answer that leaves a transfer to make (refused or settled ones leave nothing to drive).</summary>
    public static bool Driven(CashoutStatus status) => status is CashoutStatus.Reserved or CashoutStatus.Retrying;

    /// <summary>What a reminder tick does with the cash-out.</summary>
    public static CashoutWake Wake(CashoutGrainState s, DateTimeOffset now) =>
        !Pending(s) ? CashoutWake.Stop
        : s.Attempts == 0 ? CashoutWake.Restart
        : (s.NextAttemptAt ?? DateTimeOffset.MinValue) <= now ? CashoutWake.Attempt
        : CashoutWake.Wait;

    /// <summary>The state once answered: no further try.</summary>
    public static CashoutGrainState Done(CashoutGrainState s) => s with { Done = true, NextAttemptAt = null };
}
