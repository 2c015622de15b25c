namespace Stagecast.Contracts.Subscriptions;

/// <summary>Look-ups across subscriptions: routing provider events, a subscriber's list, a creator's subscribers.</summary>
[Alias("Stagecast.ISubscriptionsGrain")]
public interface ISubscriptionsGrain : IGrainWithIntegerKey
{
    /// <summary>Finds the subscription an event is about (our id, the provider's id, or an invoice's payment) and applies it there.</summary>
    [Alias("Route")]
    Task<SubscriptionOutcome> Route(SubscriptionSignal signal);

    /// <summary>Whether a payment (payment intent) paid a subscription invoice, so refunds and disputes of it belong here.</summary>
    [Alias("IsInvoicePayment")]
    Task<bool> IsInvoicePayment(string paymentRef);

    /// <summary>The subscriber's subscriptions (not pending ones), newest first.</summary>
    [Alias("ForSubscriber")]
    Task<IReadOnlyList<SubscriptionView>> ForSubscriber(string subscriberId);

    /// <summary>The creator's subscriptions (not pending ones), newest first.</summary>
    [Alias("ForCreator")]
    Task<IReadOnlyList<SubscriptionView>> ForCreator(string creatorId);

    /// <summary>The creator's subscription earnings: invoices paid, cents paid and taken back, diamonds earned.</summary>
    [Alias("Earnings")]
    Task<SubscriptionEarnings> Earnings(string creatorId);

    /// <summary>Of these users, those entitled to the creator's perks now (badge, subscriber-only chat).</summary>
    [Alias("EntitledAmong")]
    Task<IReadOnlyList<string>> EntitledAmong(string creatorId, IReadOnlyList<string> userIds);

    /// <summary>The user's badge in the creator's rooms (tier, months paid), or null when they have no subscription with perks now.</summary>
    [Alias("Badge")]
    Task<SubscriberBadge?> Badge(string creatorId, string userId);
}
