namespace Stagecast.Contracts.Videos;

/// <summary>What a viewer did with a video in the feed.</summary>
public enum VideoSignalKind
{
    Impression,
    View,
    Watch,
    Like,
    Share,
    Skip,
}
