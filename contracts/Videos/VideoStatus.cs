namespace Stagecast.Contracts.Videos;

/// <summary>A video's lifecycle: uploaded -> processing -> ready | failed; deleted by its owner.</summary>
public enum VideoStatus
{
    Unknown,
    Uploaded,
    Processing,
    Ready,
    Failed,
    Deleted,
}
