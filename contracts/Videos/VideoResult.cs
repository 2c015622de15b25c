namespace Stagecast.Contracts.Videos;

/// <summary>The outcome of a video command; each failure maps to one stable client error code.</summary>
public enum VideoResult
{
    Ok,
    Duplicate,
    UnknownVideo,
    NotReady,
    NotAllowed,
    InvalidArgument,
    UnknownComment,
}
