using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Stagecast.Media.Videos;

/// <summary>Video files in an S3-compatible bucket (cluster mode), so any gateway serves any video and any silo processes it.</summary>
public sealed class S3VideoStorage(IAmazonS3 s3, string bucket) : IVideoStorage, IDisposable
{
    public static S3VideoStorage Create(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            // Self-hosted stores do not all speak the SDK's default streaming checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        var credentials = new BasicAWSCredentials(options.AccessKey ?? "", options.SecretKey ?? "");
        return new S3VideoStorage(new AmazonS3Client(credentials, config), options.Bucket);
    }

    public async Task PutFileAsync(string key, string localPath, bool move, CancellationToken ct)
    {
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = Checked(key), FilePath = localPath, UseChunkEncoding = false }, ct);
        if (move)
        {
            File.Delete(localPath);
        }
    }

    public async Task GetFileAsync(string key, string localPath, CancellationToken ct)
    {
        using var response = await s3.GetObjectAsync(bucket, Checked(key), ct);
        await using var source = response.ResponseStream;
        await using var sink = File.Create(localPath);
        await source.CopyToAsync(sink, ct);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        try
        {
            var response = await s3.GetObjectAsync(bucket, Checked(key), ct);
            return new OwnedStream(response.ResponseStream, response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeletePrefixAsync(string prefix, CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = Checked(prefix) };
        while (true)
        {
            var page = await s3.ListObjectsV2Async(request, ct);
            foreach (var item in page.S3Objects ?? [])
            {
                await s3.DeleteObjectAsync(bucket, item.Key, ct);
            }
            if (page.IsTruncated != true)
            {
                return;
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public void Dispose() => s3.Dispose();

    private static string Checked(string key) =>
        key.Length == 0 || key.Contains("..", StringComparison.Ordinal) || key.Contains('\\') || key.StartsWith('/')
            ? throw new ArgumentException($"Invalid storage key '{key}'.", nameof(key))
            : key;

    /// <summary>The object's body, disposing the SDK response with it.</summary>
    private sealed class OwnedStream(Stream inner, IDisposable owner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => inner.ReadAsync(buffer, ct);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                owner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
