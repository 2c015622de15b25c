namespace Stagecast.Contracts.Wallet;

/// <summary>One coin pack for sale (Stagecast:Economy:Packs).</summary>
public sealed class CoinPackDefinition
{
    public string Id { get; set; } = "";

    public long Coins { get; set; }

    /// <summary>Price in the currency's minor unit (cents).</summary>
    public long PriceCents { get; set; }

    public string Currency { get; set; } = "usd";
}
