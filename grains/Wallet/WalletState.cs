namespace Stagecast.Grains.Wallet;

/// <summary>The wallet's own state: the creator's Connect account. Balances live in the ledger, never here.</summary>
[GenerateSerializer, Alias("Stagecast.WalletState")]
public sealed record WalletState
{
    [Id(0)] public string? ConnectAccountId { get; init; }

    [Id(1)] public bool PayoutsEnabled { get; init; }
}
