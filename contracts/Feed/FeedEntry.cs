using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Videos;

namespace Stagecast.Contracts.Feed;

/// <summary>One feed slot: a video or a live room, with the reason it was chosen ("followed-live", "interest", ...).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.FeedEntry")]
public sealed record FeedEntry(
    [property: Id(0)] VideoCard? Video,
    [property: Id(1)] RoomListing? Live,
    [property: Id(2)] string Reason,
    [property: Id(3)] double Score);
