namespace Stagecast.Contracts.Subscriptions;

/// <summary>
/// One subscription as a subscriber or creator sees it. <paramref name="Status"/> is pending (checkout not finished),
/// active, past_due (a renewal failed, perks kept until <paramref name="GraceUntil"/>) or canceled (ended or lapsed).
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.SubscriptionView")]
public sealed record SubscriptionView(
    [property: Id(0)] string SubscriptionId,
    [property: Id(1)] string SubscriberId,
    [property: Id(2)] string CreatorId,
    [property: Id(3)] string TierId,
    [property: Id(4)] long PriceCents,
    [property: Id(5)] string Currency,
    [property: Id(6)] string Status,
    [property: Id(7)] DateTimeOffset? CurrentPeriodEnd,
    [property: Id(8)] bool CancelAtPeriodEnd,
    [property: Id(9)] DateTimeOffset? GraceUntil,
    [property: Id(10)] string? ProviderRef,
    [property: Id(11)] DateTimeOffset CreatedAt)
{
    /// <summary>Whether the subscriber has the perks now (badge, subscriber-only chat).</summary>
    public bool Entitled => Status is SubscriptionStatus.Active or SubscriptionStatus.PastDue;
}
