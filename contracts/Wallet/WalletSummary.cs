namespace Stagecast.Contracts.Wallet;

/// <summary>A user's balances. <paramref name="Coins"/> is negative while a reversal of spent coins is unsettled.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.WalletSummary")]
public sealed record WalletSummary(
    [property: Id(0)] long Coins,
    [property: Id(1)] long Diamonds,
    [property: Id(2)] long PendingDiamonds,
    [property: Id(3)] long ReservedDiamonds,
    [property: Id(4)] bool CanGift);
