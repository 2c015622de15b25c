namespace Stagecast.Media.Hls;

/// <summary>The timestamp and capture time of a picture given to a ladder encoder, for the picture it gives back.</summary>
internal readonly record struct LadderPicture(long Timestamp, DateTimeOffset Capture, bool Keyframe);
