using System.Collections.Concurrent;
using System.Text.Json;

namespace Stagecast.Gateway.Videos;

/// <summary>
/// Resumable uploads on disk under the staging directory: {id}.part holds the bytes received so far (its
/// length is the offset) and {id}.json the metadata. Uploads untouched for a day are swept at start.
/// </summary>
public sealed class TusStore
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    public TusStore(UploadStaging staging, TimeProvider clock)
    {
        Directory = Path.Combine(staging.Directory, "tus");
        System.IO.Directory.CreateDirectory(Directory);
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        foreach (var stale in System.IO.Directory.EnumerateFiles(Directory).Where(f => File.GetLastWriteTimeUtc(f) < cutoff))
        {
            File.Delete(stale);
        }
    }

    public string Directory { get; }

    public string DataPath(string id) => Path.Combine(Directory, id + ".part");

    public async Task CreateAsync(TusUpload upload)
    {
        await File.WriteAllBytesAsync(DataPath(upload.UploadId), []);
        await File.WriteAllTextAsync(MetaPath(upload.UploadId), JsonSerializer.Serialize(upload));
    }

    public async Task<TusUpload?> FindAsync(string id) =>
        IsId(id) && File.Exists(MetaPath(id)) ? JsonSerializer.Deserialize<TusUpload>(await File.ReadAllTextAsync(MetaPath(id))) : null;

    public long Offset(string id) => new FileInfo(DataPath(id)).Length;

    /// <summary>Takes the upload's lock without waiting: tus clients must not send two PATCHes at once.</summary>
    public bool TryLock(string id) => _locks.GetOrAdd(id, _ => new SemaphoreSlim(1, 1)).Wait(0);

    public void Unlock(string id)
    {
        if (_locks.TryGetValue(id, out var gate))
        {
            gate.Release();
        }
    }

    /// <summary>Appends the body until it ends or the upload is full; bytes received before a broken connection are kept.</summary>
    public async Task<long> AppendAsync(string id, Stream body, long room, CancellationToken ct)
    {
        await using var file = new FileStream(DataPath(id), FileMode.Append, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        var buffer = new byte[64 * 1024];
        long written = 0;
        int n;
        while ((n = await ReadOrStopAsync(body, buffer, ct)) > 0)
        {
            if (written + n > room)
            {
                throw new InvalidDataException("The body runs past Upload-Length.");
            }
            await file.WriteAsync(buffer.AsMemory(0, n), ct);
            written += n;
        }
        return written;
    }

    private static async Task<int> ReadOrStopAsync(Stream body, byte[] buffer, CancellationToken ct)
    {
        try
        {
            return await body.ReadAsync(buffer, ct);
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException)
        {
            // The client went away: keep what arrived; it resumes from HEAD's Upload-Offset.
            return 0;
        }
    }

    public void Delete(string id)
    {
        File.Delete(DataPath(id));
        File.Delete(MetaPath(id));
        _locks.TryRemove(id, out _);
    }

    private string MetaPath(string id) => Path.Combine(Directory, id + ".json");

    private static bool IsId(string id) => id.Length is > 0 and <= 40 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
