using MessagePack;

namespace Stagecast.Gateway.Videos;

/// <summary>A video's like and comment counts: the answer to the hub's <c>WatchVideo</c> and the <c>videoCounts</c> event.</summary>
[MessagePackObject]
public sealed record VideoCountsPayload(
    [property: Key("videoId")] string VideoId,
    [property: Key("likes")] long Likes,
    [property: Key("comments")] long Comments);
