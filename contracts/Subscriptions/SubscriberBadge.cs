namespace Stagecast.Contracts.Subscriptions;

/// <summary>The badge a subscriber wears in every room of the creator: the tier and how many months they have paid for.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.SubscriberBadge")]
public sealed record SubscriberBadge(
    [property: Id(0)] string TierId,
    [property: Id(1)] int Months);
