namespace Stagecast.Contracts.Videos;

/// <summary>One short video, keyed by video id: metadata, processing job, engagement.</summary>
[Alias("Stagecast.IVideoGrain")]
public interface IVideoGrain : IGrainWithStringKey
{
    /// <summary>Creates the video from a stored upload and queues its processing; false when the id is taken.</summary>
    [Alias("Create")]
    Task<bool> Create(VideoUpload upload);

    /// <summary>The video, or null when none exists (or it was deleted).</summary>
    [Alias("Get")]
    Task<VideoInfo?> Get();

    /// <summary>Records an engagement event, once per event id.</summary>
    [Alias("Record")]
    Task<SignalReceipt> Record(VideoSignal signal);

    /// <summary>The user likes (true) or unlikes (false) the video; idempotent.</summary>
    [Alias("SetLike")]
    Task<VideoResult> SetLike(string userId, bool liked);

    /// <summary>Whether the user likes the video, and its like count; null when there is no such video.</summary>
    [Alias("LikeOf")]
    Task<VideoLike?> LikeOf(string userId);

    /// <summary>Adds a comment.</summary>
    [Alias("Comment")]
    Task<VideoResult> Comment(string userId, string displayName, string text);

    /// <summary>The last comments, oldest first.</summary>
    [Alias("GetComments")]
    Task<IReadOnlyList<VideoComment>> GetComments();

    /// <summary>The owner makes the video public or for subscribers only (<see cref="VideoVisibility"/>).</summary>
    [Alias("SetVisibility")]
    Task<VideoResult> SetVisibility(string actorId, string visibility);

    /// <summary>The owner deletes the video: files removed, catalog and feed entries gone.</summary>
    [Alias("Delete")]
    Task<VideoResult> Delete(string actorId);

    /// <summary>The video's owner or the comment's author removes a comment; UnknownComment when there is none.</summary>
    [Alias("DeleteComment")]
    Task<VideoResult> DeleteComment(string actorId, long commentId);

    /// <summary>Removes a deleted account's comments and like from this video.</summary>
    [Alias("ForgetUser")]
    Task ForgetUser(string userId);
}
