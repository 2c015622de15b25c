namespace Stagecast.Media.Videos;

/// <summary>
/// Where video files live, by key ("videos/{id}/hls/index.m3u8"): local files in the embedded default, an object
/// store in a cluster. Keys use '/' and never contain "..".
/// </summary>
public interface IVideoStorage
{
    /// <summary>Stores a local file under the key (moved when the store is local and <paramref name="move"/> is set).</summary>
    Task PutFileAsync(string key, string localPath, bool move, CancellationToken ct);

    /// <summary>Copies the object to a local file.</summary>
    Task GetFileAsync(string key, string localPath, CancellationToken ct);

    /// <summary>Opens the object for reading, or null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>Deletes every object whose key starts with the prefix.</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken ct);
}
