namespace Stagecast.Media.Hls;

/// <summary>
/// Deletes old recordings under {RecordingDirectory}/{room}/{session}/: first every recording whose newest
/// file is older than the age limit, then, oldest first, as many as it takes to bring the total under the
/// size limit. A recording that is in use (its session is still live or in memory) is never deleted.
/// </summary>
public static class RecordingRetention
{
    public static RetentionResult Sweep(string root, DateTimeOffset now, TimeSpan? maxAge, long? maxBytes, Func<string, string, bool> inUse)
    {
        if (!Directory.Exists(root)) return new RetentionResult(0, 0, 0, 0);

        var recordings = new List<(string Room, string Session, string Path, DateTime Newest, long Bytes)>();
        foreach (var room in Directory.EnumerateDirectories(root))
        {
            foreach (var session in Directory.EnumerateDirectories(room))
            {
                var files = new DirectoryInfo(session).GetFiles();
                var newest = files.Length == 0 ? Directory.GetLastWriteTimeUtc(session) : files.Max(f => f.LastWriteTimeUtc);
                recordings.Add((Path.GetFileName(room), Path.GetFileName(session), session, newest, files.Sum(f => f.Length)));
            }
        }

        var deleted = 0;
        long freed = 0;
        var kept = new List<(string Path, DateTime Newest, long Bytes)>();
        foreach (var recording in recordings.OrderBy(r => r.Newest))
        {
            if (inUse(recording.Room, recording.Session))
            {
                kept.Add((recording.Path, DateTime.MaxValue, recording.Bytes));
            }
            else if (maxAge is { } age && now.UtcDateTime - recording.Newest > age && TryDelete(recording.Path))
            {
                deleted++;
                freed += recording.Bytes;
            }
            else
            {
                kept.Add((recording.Path, recording.Newest, recording.Bytes));
            }
        }

        var total = kept.Sum(k => k.Bytes);
        if (maxBytes is { } limit)
        {
            // Oldest first; recordings in use sort last (DateTime.MaxValue) and are skipped.
            foreach (var recording in kept.OrderBy(k => k.Newest).ToArray())
            {
                if (total <= limit) break;
                if (recording.Newest == DateTime.MaxValue || !TryDelete(recording.Path)) continue;
                deleted++;
                freed += recording.Bytes;
                total -= recording.Bytes;
                kept.Remove(recording);
            }
        }

        foreach (var room in Directory.EnumerateDirectories(root))
        {
            try
            {
                if (!Directory.EnumerateFileSystemEntries(room).Any()) Directory.Delete(room);
            }
            catch (IOException)
            {
                // A session started in this room just now.
            }
        }

        return new RetentionResult(deleted, freed, kept.Count, total);
    }

    private static bool TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
