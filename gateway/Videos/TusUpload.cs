namespace Stagecast.Gateway.Videos;

/// <summary>A resumable upload's metadata, kept beside its bytes: who, how long in all, the caption, when.</summary>
public sealed record TusUpload(string UploadId, string OwnerId, long Length, string Caption, DateTimeOffset CreatedAt);
