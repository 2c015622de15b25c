using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Problems;
using Stagecast.Media.Videos;

namespace Stagecast.Gateway.Videos;

/// <summary>
/// Turns a complete staged upload (plain or resumable) into a video: sniffs it with ffprobe, moves it into
/// storage, creates the video grain (which queues processing and lists it in the catalog, whence every
/// gateway's <see cref="VideoStatusWatcher"/> pushes its status to the uploader).
/// </summary>
public sealed class VideoIntake(IGrainFactory grains, VideoProbe probe, IVideoStorage storage, VideoOptions options)
{
    public async Task<(string? VideoId, IResult? Error)> AcceptAsync(string userId, string videoId, string stagedPath, string caption, CancellationToken ct)
    {
        if (await grains.GetGrain<IUserGrain>(userId).GetProfile() is not { } profile)
        {
            return (null, Problem.Unauthorized("unknown_user", "The token's user no longer exists."));
        }
        var found = await probe.ProbeAsync(stagedPath, ct);
        if (found.Format is null)
        {
            return (null, Problem.Of(415, "not_a_video", "Unsupported media type.", "The file is not a video ffprobe can read."));
        }
        if (!found.HasVideo)
        {
            return (null, Problem.Of(422, "no_video_stream", "The file has no video.", "The file contains no video stream."));
        }
        if (found.Duration <= TimeSpan.Zero || found.Duration > options.MaxDuration)
        {
            return (null, Problem.Of(422, "invalid_duration", "The video's length is not accepted.",
                $"Videos must be longer than 0 and at most {options.MaxDuration.TotalSeconds:0} seconds."));
        }
        await storage.PutFileAsync(VideoKeys.Source(videoId), stagedPath, move: true, ct);
        var upload = new VideoUpload(userId, profile.DisplayName, caption, (long)found.Duration.TotalMilliseconds,
            found.Width, found.Height, found.HasAudio);
        if (!await grains.GetGrain<IVideoGrain>(videoId).Create(upload))
        {
            return (null, Problem.Conflict("video_id_taken", "Could not allocate a video id; try again."));
        }
        return (videoId, null);
    }
}
