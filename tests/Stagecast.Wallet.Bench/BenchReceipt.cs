namespace Stagecast.Wallet.Bench;

/// <summary>The hub's receipt as the client reads it (JSON or MessagePack).</summary>
public sealed class BenchReceipt
{
    public string RequestId { get; set; } = "";

    public long Coins { get; set; }
}
