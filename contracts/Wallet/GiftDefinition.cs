namespace Stagecast.Contracts.Wallet;

/// <summary>One gift in the catalog (Stagecast:Economy:Gifts).</summary>
public sealed class GiftDefinition
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Price of one gift in coins.</summary>
    public long Coins { get; set; }

    public string Animation { get; set; } = "";

    /// <summary>Whether repeated sends form a combo in the room.</summary>
    public bool Streakable { get; set; }
}
