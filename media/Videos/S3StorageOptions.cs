namespace Stagecast.Media.Videos;

/// <summary>The "Videos:S3" section: where the S3-compatible store is and how to sign in to it.</summary>
public sealed class S3StorageOptions
{
    /// <summary>The endpoint, e.g. "http://127.0.0.1:4568" or "https://s3.eu-west-1.amazonaws.com"; empty means no S3.</summary>
    public string? ServiceUrl { get; set; }

    public string Bucket { get; set; } = "stagecast-videos";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Path-style addressing (http://host/bucket/key), which most self-hosted stores need.</summary>
    public bool ForcePathStyle { get; set; } = true;

    public bool Enabled => !string.IsNullOrEmpty(ServiceUrl);
}
