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
}
