using Stagecast.Contracts.Videos;
using Stagecast.Media.Videos;

namespace Stagecast.Gateway.Videos;

/// <summary>
/// Resumable uploads shared by every gateway: the metadata and offset in the upload's grain
/// (<see cref="ITusUploadGrain"/>), the bytes as one object per PATCH in the video storage (local files, or the S3
/// store of a cluster) under <c>uploads/tus/{id}/{offset}</c>. So an upload started on one gateway resumes on any
/// other. Only a PATCH's bytes in flight and the assembled file at completion are local (the staging directory).
/// </summary>
public sealed class TusStore
{
    private readonly IGrainFactory _grains;
    private readonly IVideoStorage _storage;

    public TusStore(IGrainFactory grains, IVideoStorage storage, UploadStaging staging, TimeProvider clock)
    {
        (_grains, _storage) = (grains, storage);
        Directory = Path.Combine(staging.Directory, "tus");
        System.IO.Directory.CreateDirectory(Directory);
        // Requests that died with a crashed process leave their local files: sweep the old ones at start.
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        foreach (var stale in System.IO.Directory.EnumerateFiles(Directory).Where(f => File.GetLastWriteTimeUtc(f) < cutoff))
        {
            File.Delete(stale);
        }
    }

    public string Directory { get; }

    public static string Prefix(string id) => VideoKeys.TusPrefix(id);

    public static string ChunkKey(string id, string chunk) => Prefix(id) + chunk;

    public Task<TusUploadStatus> CreateAsync(string id, TusUploadInfo info) => Grain(id).Create(info);

    public async Task<TusUploadStatus?> FindAsync(string id) => IsId(id) ? await Grain(id).Get() : null;

    /// <summary>The upload for a HEAD: where the client resumes, fixed against a broken PATCH still finishing.</summary>
    public async Task<TusUploadStatus?> ResumeAsync(string id) => IsId(id) ? await Grain(id).Resume() : null;

    /// <summary>
    /// Appends the body at <paramref name="offset"/> until it ends or the upload is full: bytes received before a
    /// broken connection are kept. Returns the new offset; null with <paramref name="offset"/>'s correction when it
    /// was not the upload's offset (or a newer PATCH took over meanwhile).
    /// </summary>
    public async Task<(long? Offset, long Expected)> AppendAsync(string id, long offset, long length, Stream body, CancellationToken ct)
    {
        var begin = await Grain(id).Begin(offset);
        if (begin.Lease is not { } lease)
        {
            return (null, begin.Offset);
        }
        var temp = Path.Combine(Directory, $"{id}-{Guid.NewGuid():N}.part");
        try
        {
            var written = await ReceiveAsync(temp, body, length - offset, ct);
            var key = ChunkKey(id, begin.Chunk);
            if (written > 0)
            {
                // Not the request's token: the bytes that arrived before a broken connection are kept.
                await _storage.PutFileAsync(key, temp, move: true, CancellationToken.None);
            }
            if (await Grain(id).Commit(lease, written) is { } after)
            {
                return (after, after);
            }
            await _storage.DeletePrefixAsync(key, CancellationToken.None);
            return (null, (await Grain(id).Get())?.Offset ?? offset);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The complete upload as one local file (its chunks in order), for the video intake.</summary>
    public async Task<string> AssembleAsync(string id, TusUploadStatus upload, CancellationToken ct)
    {
        var path = Path.Combine(Directory, id + ".part");
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        foreach (var chunk in upload.Chunks)
        {
            await using var part = await _storage.OpenReadAsync(ChunkKey(id, chunk), ct)
                ?? throw new InvalidOperationException($"Upload {id}: the chunk {chunk} is missing from storage.");
            await part.CopyToAsync(file, ct);
        }
        return path;
    }

    /// <summary>Drops the upload: its grain, its chunks, and any local file of it.</summary>
    public async Task DeleteAsync(string id)
    {
        await Grain(id).Delete();
        await _storage.DeletePrefixAsync(Prefix(id), CancellationToken.None);
        File.Delete(Path.Combine(Directory, id + ".part"));
    }

    private ITusUploadGrain Grain(string id) => _grains.GetGrain<ITusUploadGrain>(id);

    private static async Task<long> ReceiveAsync(string path, Stream body, long room, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        var buffer = new byte[64 * 1024];
        long written = 0;
        int n;
        while ((n = await ReadOrStopAsync(body, buffer, ct)) > 0)
        {
            if (written + n > room)
            {
                throw new InvalidDataException("The body runs past Upload-Length.");
            }
            await file.WriteAsync(buffer.AsMemory(0, n), CancellationToken.None);
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

    private static bool IsId(string id) => id.Length is > 0 and <= 40 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
