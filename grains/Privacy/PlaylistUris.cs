namespace Stagecast.Grains.Privacy;

/// <summary>The URIs an HLS playlist refers to (media lines and URI="..." attributes), resolved against its own path.</summary>
internal static class PlaylistUris
{
    public static IEnumerable<string> Of(string? playlist)
    {
        if (playlist is null)
        {
            yield break;
        }
        foreach (var raw in playlist.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (!line.StartsWith('#'))
            {
                yield return line;
                continue;
            }
            var at = line.IndexOf("URI=\"", StringComparison.Ordinal);
            if (at >= 0)
            {
                var start = at + 5;
                var end = line.IndexOf('"', start);
                if (end > start)
                {
                    yield return line[start..end];
                }
            }
        }
    }

    /// <summary>A relative URI against the playlist's folder; null-free, never leaving the video (absolute URIs and ".." are dropped by the caller's check).</summary>
    public static string Resolve(string playlistPath, string uri)
    {
        var query = uri.IndexOfAny(['?', '#']);
        if (query >= 0)
        {
            uri = uri[..query];
        }
        var slash = playlistPath.LastIndexOf('/');
        return slash < 0 ? uri : playlistPath[..(slash + 1)] + uri;
    }
}
