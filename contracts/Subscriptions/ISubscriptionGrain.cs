namespace Stagecast.Contracts.Subscriptions;

/// <summary>One subscription (key: its id): created pending at checkout, then driven by provider events, one at a time.</summary>
[Alias("Stagecast.ISubscriptionGrain")]
public interface ISubscriptionGrain : IGrainWithStringKey
{
    /// <summary>Records a pending subscription of a viewer to a creator at a tier; null for an unknown tier.</summary>
    [Alias("Start")]
    Task<SubscriptionView?> Start(string subscriberId, string creatorId, string tierId);

    /// <summary>Applies a verified event once (by event id; money once per invoice).</summary>
    [Alias("Apply")]
    Task<SubscriptionOutcome> Apply(SubscriptionSignal signal);

    /// <summary>The subscription now (a lapsed grace period or an ended period reads as canceled), or null.</summary>
    [Alias("Get")]
    Task<SubscriptionView?> Get();
}
