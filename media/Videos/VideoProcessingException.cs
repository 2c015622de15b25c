namespace Stagecast.Media.Videos;

/// <summary>ffmpeg could not process a video; the message is safe to show its owner.</summary>
public sealed class VideoProcessingException(string message) : Exception(message);
