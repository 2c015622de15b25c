namespace Stagecast.Gateway.Videos;

/// <summary>202 answer to an upload: the new video's id; processing goes on in the background.</summary>
public sealed record UploadAccepted(string VideoId, string Status);
