using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Videos;

/// <summary>One problem-details answer per <see cref="VideoResult"/>.</summary>
public static class VideoErrors
{
    public static IResult Http(VideoResult result) => result switch
    {
        VideoResult.Ok or VideoResult.Duplicate => Results.NoContent(),
        VideoResult.UnknownVideo => Problem.NotFound("unknown_video", "No such video."),
        VideoResult.NotReady => Problem.Conflict("video_not_ready", "The video is not ready yet."),
        VideoResult.NotAllowed => Problem.Forbidden("not_video_owner", "Only the video's owner may do this."),
        VideoResult.UnknownComment => Problem.NotFound("unknown_comment", "No such comment on this video."),
        _ => Problem.BadRequest("invalid_argument", "The request is not valid for this video."),
    };

    public static bool IsVideoId(string id) => id.Length is > 0 and <= 32 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Calls the video's grain; an id no video can have is <see cref="VideoResult.UnknownVideo"/>, and wakes no grain.</summary>
    public static async Task<VideoResult> OnVideoAsync(this IGrainFactory grains, string videoId, Func<IVideoGrain, Task<VideoResult>> call) =>
        IsVideoId(videoId) ? await call(grains.GetGrain<IVideoGrain>(videoId)) : VideoResult.UnknownVideo;

    /// <summary>Reads from the video's grain; an id no video can have reads null, and wakes no grain.</summary>
    public static async Task<T?> ReadVideoAsync<T>(this IGrainFactory grains, string videoId, Func<IVideoGrain, Task<T?>> read) where T : class =>
        IsVideoId(videoId) ? await read(grains.GetGrain<IVideoGrain>(videoId)) : null;
}
