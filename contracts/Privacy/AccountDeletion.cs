namespace Stagecast.Contracts.Privacy;

/// <summary>Why a deletion did or did not happen.</summary>
public enum AccountDeletionStatus
{
    Deleted,
    UnknownUser,
    /// <summary>Coins, diamonds (pending, available or reserved) or a coin debt remain: spend, cash out or wait first.</summary>
    OpenBalance,
    /// <summary>A cash-out is still reserved or retrying.</summary>
    PendingCashout,
}

/// <summary>The outcome of deleting an account, with what blocked it.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.AccountDeletion")]
public sealed record AccountDeletion(
    [property: Id(0)] AccountDeletionStatus Status,
    [property: Id(1)] long Coins = 0,
    [property: Id(2)] long Diamonds = 0,
    [property: Id(3)] long PendingDiamonds = 0,
    [property: Id(4)] int OpenCashouts = 0,
    [property: Id(5)] IReadOnlyList<string>? RoomIds = null,
    [property: Id(6)] int VideosDeleted = 0);
