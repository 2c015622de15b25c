namespace Stagecast.Media.Videos;

/// <summary>Video files under one directory on this machine (the embedded default).</summary>
public sealed class LocalVideoStorage(string root) : IVideoStorage
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task PutFileAsync(string key, string localPath, bool move, CancellationToken ct)
    {
        var target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (move)
        {
            File.Move(localPath, target, overwrite: true);
            return;
        }
        await using var source = File.OpenRead(localPath);
        await using var sink = File.Create(target);
        await source.CopyToAsync(sink, ct);
    }

    public async Task GetFileAsync(string key, string localPath, CancellationToken ct)
    {
        await using var source = File.OpenRead(PathOf(key));
        await using var sink = File.Create(localPath);
        await source.CopyToAsync(sink, ct);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true)
            : null;
        return Task.FromResult(stream);
    }

    public Task DeletePrefixAsync(string prefix, CancellationToken ct)
    {
        var path = PathOf(prefix.TrimEnd('/'));
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else if (File.Exists(path))
        {
            File.Delete(path);
        }
        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        if (key.Length == 0 || key.Contains("..", StringComparison.Ordinal) || key.Contains('\\') || key.StartsWith('/'))
        {
            throw new ArgumentException($"Invalid storage key '{key}'.", nameof(key));
        }
        var path = Path.GetFullPath(Path.Combine(Root, key));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"Invalid storage key '{key}'.", nameof(key));
    }
}
