namespace Stagecast.Contracts.Rooms;

/// <summary>A posted comment; <see cref="At"/> is Unix milliseconds; <see cref="Badge"/> is the author's subscriber badge, if any.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.RoomComment")]
public sealed record RoomComment(
    [property: Id(0)] long CommentId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string Text,
    [property: Id(4)] long At,
    [property: Id(5)] Subscriptions.SubscriberBadge? Badge = null);
