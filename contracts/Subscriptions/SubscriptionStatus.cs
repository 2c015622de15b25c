namespace Stagecast.Contracts.Subscriptions;

/// <summary>The status names of a subscription (as in the public contract).</summary>
public static class SubscriptionStatus
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string PastDue = "past_due";
    public const string Canceled = "canceled";
}
