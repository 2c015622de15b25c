namespace Stagecast.Contracts.Videos;

/// <summary>
/// One resumable (tus) upload, shared by every gateway (key: the upload id): who, how long, the caption, and the
/// chunks stored so far in the video storage, so HEAD and PATCH may reach any gateway behind the balancer.
/// </summary>
[Alias("Stagecast.ITusUploadGrain")]
public interface ITusUploadGrain : IGrainWithStringKey
{
    /// <summary>Starts the upload; it expires (chunks and state deleted) after the silo's <c>Videos:TusExpiryHours</c> without a stored PATCH.</summary>
    [Alias("Create")]
    Task<TusUploadStatus> Create(TusUploadInfo info);

    /// <summary>
    /// The upload and its offset, or null when it does not exist (never created, finished, terminated or expired and
    /// swept). Past <see cref="TusUploadStatus.ExpiresAt"/> it is still returned until swept, and refuses new PATCHes.
    /// </summary>
    [Alias("Get")]
    Task<TusUploadStatus?> Get();

    /// <summary>
    /// The upload and its offset for a client asking where to resume (HEAD): a PATCH still running loses its lease, so
    /// the bytes it has yet to commit are dropped and the offset answered stays the upload's offset until the client's
    /// next PATCH (a broken request finishing after the HEAD would otherwise move it and fail that PATCH with 409).
    /// </summary>
    [Alias("Resume")]
    Task<TusUploadStatus?> Resume();

    /// <summary>
    /// Starts a PATCH at <paramref name="offset"/>: a new lease when it is the upload's offset (taking over any older
    /// PATCH still running, as after a broken connection), else the current offset to answer 409 with.
    /// </summary>
    [Alias("Begin")]
    Task<TusBegin> Begin(long offset);

    /// <summary>
    /// Records the lease's chunk (stored under <see cref="TusBegin.Chunk"/>) of <paramref name="length"/> bytes and
    /// returns the new offset; null when a newer PATCH took over (the chunk is to be dropped).
    /// </summary>
    [Alias("Commit")]
    Task<long?> Commit(Guid lease, long length);

    [Alias("Delete")]
    Task Delete();
}

[GenerateSerializer, Immutable, Alias("Stagecast.TusUploadInfo")]
public sealed record TusUploadInfo(
    [property: Id(0)] string OwnerId,
    [property: Id(1)] long Length,
    [property: Id(2)] string Caption,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>
/// An upload, its offset (bytes stored), the names of its chunks in order (see <see cref="ITusUploadGrain.Begin"/>),
/// and when it expires unless another PATCH is stored (tus <c>Upload-Expires</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.TusUploadStatus")]
public sealed record TusUploadStatus(
    [property: Id(0)] TusUploadInfo Info,
    [property: Id(1)] long Offset,
    [property: Id(2)] IReadOnlyList<string> Chunks,
    [property: Id(20)] DateTimeOffset ExpiresAt = default);

/// <summary>
/// A PATCH's start: a lease when the offset matched, else null with the upload's offset. The chunk name (offset and
/// lease) is unique per PATCH, so a PATCH that was taken over never overwrites the chunk of the one that took over.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.TusBegin")]
public sealed record TusBegin(
    [property: Id(0)] Guid? Lease,
    [property: Id(1)] long Offset)
{
    public string Chunk => $"{Offset:D15}-{Lease:N}";
}
