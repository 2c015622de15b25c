namespace Stagecast.Contracts.Subscriptions;

/// <summary>What a verified provider event says about a subscription.</summary>
public enum SubscriptionSignalKind
{
    /// <summary>Checkout finished: the provider's subscription id is known.</summary>
    CheckoutCompleted,
    /// <summary>An invoice was paid (the first or a renewal): money is booked once per invoice.</summary>
    InvoicePaid,
    /// <summary>A renewal failed: past_due, with a grace period.</summary>
    InvoiceFailed,
    /// <summary>A snapshot of the subscription (status, period end, cancel at period end); older snapshots are ignored.</summary>
    Updated,
    /// <summary>The subscription ended now.</summary>
    Deleted,
    /// <summary>A refund of an invoice's charge: the cumulative amount refunded, or one refund by id.</summary>
    Refunded,
    /// <summary>A dispute of an invoice's charge: its amount and status.</summary>
    Disputed,
}
