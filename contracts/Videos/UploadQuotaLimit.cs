namespace Stagecast.Contracts.Videos;

/// <summary>Which upload limit a new upload would pass; each maps to one stable client error detail.</summary>
public enum UploadQuotaLimit
{
    None,
    UploadsPerDay,
    BytesPerDay,
    ConcurrentUploads,
}
