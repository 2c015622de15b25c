namespace Stagecast.Contracts.Subscriptions;

/// <summary>One monthly subscription price a viewer can choose (Stagecast:Subscriptions:Tiers).</summary>
public sealed class SubscriptionTier
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Monthly price in the currency's minor unit (cents).</summary>
    public long PriceCents { get; set; }

    public string Currency { get; set; } = "usd";
}
