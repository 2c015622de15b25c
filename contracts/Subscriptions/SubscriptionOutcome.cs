namespace Stagecast.Contracts.Subscriptions;

/// <summary>What a subscription event changed.</summary>
public enum SubscriptionOutcome
{
    /// <summary>The first paid invoice: the subscription is active and the creator's share is booked.</summary>
    Activated,
    /// <summary>A later invoice paid (a renewal, or a recovery from past_due).</summary>
    Renewed,
    /// <summary>A renewal failed: past_due until the grace period ends.</summary>
    PastDue,
    /// <summary>Status, period end or cancel-at-period-end changed.</summary>
    Updated,
    Canceled,
    /// <summary>Money was taken back (refund or dispute) and the creator's share clawed back.</summary>
    ClawedBack,
    /// <summary>Money taken back earlier came back (a dispute won).</summary>
    Recredited,
    /// <summary>A fact was noted (a refund already covered, a provider id) without moving money.</summary>
    Recorded,
    /// <summary>Seen before, stale, or nothing to do.</summary>
    NoChange,
    UnknownSubscription,
}
