// Kept whole (about 14 KB): the one HTTP entry point of LL-HLS (path routing, blocking playlist reload, replay and
// recordings) for every room on the node; each path is a few lines over the same session table.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Stagecast.Media.AccessUnits;

namespace Stagecast.Media.Hls;

/// <summary>
/// Every room's live packager on this node, and the one entry point that HTTP endpoints call:
/// <see cref="GetAsync"/> maps a path beneath /hls/{roomId}/ to bytes, a content type and a cache policy.
/// Paths: index.m3u8 (multivariant), {sessionId}/live.m3u8 (LL-HLS media playlist, blocking reload),
/// {sessionId}/init{v}.mp4, {sessionId}/seg{msn}.m4s, {sessionId}/part{msn}.{i}.m4s, {sessionId}/vod.m3u8,
/// replay/index.m3u8 (the newest finished recording).
/// </summary>
public sealed partial class HlsRoomStore(HlsOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggers = null) : ILiveOutputFactory
{
    private readonly ConcurrentDictionary<string, HlsLiveSession> _live = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public HlsOptions Options => options;

    public IAccessUnitSink Open(string roomId) => OpenSession(roomId);

    /// <summary>Starts a new session for the room, ending the previous one (ILiveOutputFactory.Open).</summary>
    public HlsLiveSession OpenSession(string roomId)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        var sessionId = _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)
            + "-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 3));
        var directory = options.RecordingEnabled
            ? Path.Combine(Path.GetFullPath(options.RecordingDirectory), SafeName(roomId), sessionId)
            : null;
        var session = new HlsLiveSession(roomId, sessionId, options, directory, loggers?.CreateLogger<HlsLiveSession>());
        HlsLiveSession? previous = null;
        _live.AddOrUpdate(roomId, session, (_, old) =>
        {
            previous = old;
            return session;
        });
        previous?.OnEnd();
        _ = RetireAfterEndAsync(roomId, session);
        return session;
    }

    /// <summary>The room's current session (live, or ended and still retained), if any.</summary>
    public HlsLiveSession? GetSession(string roomId) => _live.TryGetValue(roomId, out var s) ? s : null;

    public ValueTask<HlsResponse> GetAsync(string roomId, string path, string? hlsMsn, string? hlsPart, CancellationToken cancellationToken) =>
        GetAsync(roomId, path, hlsMsn, hlsPart, null, cancellationToken);

    /// <summary>As above; <paramref name="hlsSkip"/> is _HLS_skip (YES or v2: a delta update, rfc8216bis 6.2.5.1).</summary>
    public async ValueTask<HlsResponse> GetAsync(string roomId, string path, string? hlsMsn, string? hlsPart, string? hlsSkip, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(roomId) || string.IsNullOrEmpty(path)) return HlsResponse.NotFound("unknown resource");
        _live.TryGetValue(roomId, out var session);

        if (path == "index.m3u8")
        {
            return await GetMultivariantAsync(session, cancellationToken);
        }

        if (path == "replay/index.m3u8")
        {
            return GetReplay(roomId);
        }

        var match = ResourcePath().Match(path);
        if (!match.Success) return HlsResponse.NotFound("unknown resource");
        var sessionId = match.Groups["session"].Value;
        var name = match.Groups["name"].Value;

        if (session is not null && session.SessionId != sessionId)
        {
            // The optional AAC variant and ladder renditions are sibling sessions with their own ids.
            session = session.FindVariant(sessionId);
        }

        if (session is null)
        {
            return GetRecorded(roomId, sessionId, name);
        }

        if (name == "live.m3u8")
        {
            if (hlsSkip is not null && hlsSkip != "YES" && hlsSkip != "v2")
            {
                return HlsResponse.BadRequest("_HLS_skip must be YES or v2");
            }

            return await GetMediaPlaylistAsync(session, hlsMsn, hlsPart, hlsSkip is not null, cancellationToken);
        }

        if (name == "vod.m3u8")
        {
            return GetRecorded(roomId, sessionId, name);
        }

        if (session.TryGetResource(name, out var data)) return HlsResponse.Media(data);

        // A part or segment announced by EXT-X-PRELOAD-HINT (or just ahead of it) is held until it exists.
        var partMatch = PartName().Match(name);
        var segMatch = SegmentName().Match(name);
        if (partMatch.Success || segMatch.Success)
        {
            var msn = long.Parse((partMatch.Success ? partMatch : segMatch).Groups["msn"].Value, CultureInfo.InvariantCulture);
            int? part = partMatch.Success ? int.Parse(partMatch.Groups["part"].Value, CultureInfo.InvariantCulture) : null;
            var snapshot = session.Snapshot;
            if (!snapshot.Ended && msn >= snapshot.OpenMsn && TooFarAhead(snapshot, msn, part) is null)
            {
                await WaitUntilAsync(session, msn, part, cancellationToken);
                if (session.TryGetResource(name, out data)) return HlsResponse.Media(data);
            }
        }

        return GetRecorded(roomId, sessionId, name);
    }

    private async ValueTask<HlsResponse> GetMultivariantAsync(HlsLiveSession? session, CancellationToken cancellationToken)
    {
        if (session is null || session.Snapshot.Ended) return HlsResponse.NotFound("room is not live");
        var mediaUri = $"{session.SessionId}/live.m3u8";
        var body = session.TryGetMultivariant(mediaUri);
        if (body is null)
        {
            // The publisher is connected but no keyframe has arrived yet: the codecs are not known.
            await WaitUntilAsync(session, 0, 0, cancellationToken);
            body = session.TryGetMultivariant(mediaUri);
        }

        if (body is not null && session.LadderVariants.Any(v => !v.IsReady))
        {
            // A ladder rendition's first picture comes out of ffmpeg a few frames after the source's; players read
            // the multivariant playlist once, so it waits (up to the blocking cap) until every rendition can be listed.
            await Task.WhenAll(session.LadderVariants.Select(v => WaitUntilAsync(v, 0, 0, cancellationToken)));
            body = session.TryGetMultivariant(mediaUri);
        }

        return body is null ? HlsResponse.NotFound("room has no media yet") : HlsResponse.Playlist(body, HlsResponse.NoCache);
    }

    private async ValueTask<HlsResponse> GetMediaPlaylistAsync(HlsLiveSession session, string? hlsMsn, string? hlsPart, bool skip, CancellationToken cancellationToken)
    {
        if (session.Snapshot.Playlist.Length == 0)
        {
            // Connected but no part yet: hold the first request like a blocking one rather than 404.
            await WaitUntilAsync(session, 0, 0, cancellationToken);
        }

        if (hlsMsn is null)
        {
            return hlsPart is null
                ? PlaylistOf(session.Snapshot, HlsResponse.NoCache, skip)
                : HlsResponse.BadRequest("_HLS_part requires _HLS_msn");
        }

        if (!long.TryParse(hlsMsn, NumberStyles.None, CultureInfo.InvariantCulture, out var msn))
        {
            return HlsResponse.BadRequest("_HLS_msn must be a non-negative integer");
        }

        int? part = null;
        if (hlsPart is not null)
        {
            if (!int.TryParse(hlsPart, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                return HlsResponse.BadRequest("_HLS_part must be a non-negative integer");
            }

            part = p;
        }

        var snapshot = session.Snapshot;
        if (!snapshot.Ended && TooFarAhead(snapshot, msn, part) is { } error)
        {
            return HlsResponse.BadRequest(error);
        }

        var satisfied = await WaitUntilAsync(session, msn, part, cancellationToken);

        // A satisfied blocking response names one moment of the stream, so caches may keep it a while.
        return PlaylistOf(session.Snapshot, satisfied ? $"public, max-age={3 * snapshot.TargetDuration}" : HlsResponse.NoCache, skip);
    }

    /// <summary>rfc8216bis 6.2.5.2: a request beyond the next two segments or the Advance Part Limit is a 400.</summary>
    private string? TooFarAhead(HlsSnapshot snapshot, long msn, int? part)
    {
        var lastMsn = snapshot.OpenParts > 0 ? snapshot.OpenMsn : snapshot.OpenMsn - 1;
        if (msn > lastMsn + 2) return $"_HLS_msn {msn} is too far ahead of {lastMsn}";
        if (part is not { } p) return null;

        var partTarget = options.AdvertisedPartTarget;
        var advancePartLimit = partTarget < 1 ? 3 / partTarget : 3;
        var partsPerSegment = Math.Ceiling(snapshot.TargetDuration / partTarget);
        var ahead = (msn - snapshot.OpenMsn) * partsPerSegment + p - (snapshot.OpenParts - 1);
        return ahead > advancePartLimit + 1 ? $"_HLS_part {p} of {msn} is too far ahead" : null;
    }

    /// <summary>Waits for part <paramref name="part"/> of segment <paramref name="msn"/>, the end, or the blocking cap.</summary>
    private ILogger? _timeoutLog;

    private async Task<bool> WaitUntilAsync(HlsLiveSession session, long msn, int? part, CancellationToken cancellationToken)
    {
        using var cap = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cap.CancelAfter(options.BlockingTimeout);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            var changed = session.WaitForChangeAsync();
            var snapshot = session.Snapshot;
            if (snapshot.Has(msn, part)) return HlsMetrics.BlockingWaitEnded(started, "satisfied", true);
            if (snapshot.Ended) return HlsMetrics.BlockingWaitEnded(started, "ended", false);
            try
            {
                await changed.WaitAsync(cap.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Issue 16's stall: 6 s gaps (this cap) before a segment's 7th part reached hls.js on an idle box. Which
                // request waits out the cap, against which state, is what decides between the hypotheses in docs/hls.md.
                _timeoutLog ??= loggers?.CreateLogger<HlsRoomStore>();
                var now = session.Snapshot;
                _timeoutLog?.LogWarning("LL-HLS blocking request for msn {Msn} part {Part} of {SessionId} hit the {Cap} cap; open segment {OpenMsn} has {OpenParts} parts, last complete {LastComplete}",
                    msn, part, session.SessionId, options.BlockingTimeout, now.OpenMsn, now.OpenParts, now.LastCompleteMsn);
                return HlsMetrics.BlockingWaitEnded(started, "timeout", false);
            }
        }
    }

    private static HlsResponse PlaylistOf(HlsSnapshot snapshot, string cacheControl, bool skip = false) =>
        snapshot.Playlist.Length == 0
            ? HlsResponse.NotFound("room has no media yet")
            : HlsResponse.Playlist(skip && snapshot.DeltaPlaylist is { } delta ? delta : snapshot.Playlist, cacheControl);

    private HlsResponse GetReplay(string roomId)
    {
        var roomDirectory = Path.Combine(Path.GetFullPath(options.RecordingDirectory), SafeName(roomId));
        if (!Directory.Exists(roomDirectory)) return HlsResponse.NotFound("room has no replay");

        // Session ids start with their UTC start time, so the newest finished one sorts last.
        foreach (var directory in Directory.GetDirectories(roomDirectory).OrderDescending(StringComparer.Ordinal))
        {
            var replay = Path.Combine(directory, "replay.m3u8");
            if (File.Exists(replay))
            {
                return HlsResponse.Playlist(File.ReadAllBytes(replay), HlsResponse.NoCache);
            }
        }

        return HlsResponse.NotFound("room has no replay");
    }

    private HlsResponse GetRecorded(string roomId, string sessionId, string name)
    {
        if (!options.RecordingEnabled) return HlsResponse.NotFound("unknown resource");
        var file = name == "live.m3u8" ? "vod.m3u8" : name;
        var path = Path.Combine(Path.GetFullPath(options.RecordingDirectory), SafeName(roomId), sessionId, file);
        if (!File.Exists(path)) return HlsResponse.NotFound("unknown resource");
        var bytes = File.ReadAllBytes(path);
        return file.EndsWith(".m3u8", StringComparison.Ordinal)
            ? HlsResponse.Playlist(bytes, "public, max-age=60")
            : HlsResponse.Media(bytes);
    }

    /// <summary>An ended session leaves memory after a grace period; its recording serves it from then on.</summary>
    private async Task RetireAfterEndAsync(string roomId, HlsLiveSession session)
    {
        await session.Ended.ConfigureAwait(false);
        await session.RecordingCompleted.ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, options.EndedSessionRetentionSeconds)), _time).ConfigureAwait(false);
        _live.TryRemove(KeyValuePair.Create(roomId, session));
    }

    /// <summary>
    /// Applies <see cref="HlsOptions.RecordingRetentionDays"/> and <see cref="HlsOptions.RecordingMaxGigabytes"/>
    /// to the recording directory; sessions still in memory (live or just ended) are kept.
    /// </summary>
    public RetentionResult SweepRecordings()
    {
        var live = _live.Values.Select(s => (SafeName(s.RoomId), s.SessionId)).ToHashSet();
        return RecordingRetention.Sweep(
            Path.GetFullPath(options.RecordingDirectory),
            _time.GetUtcNow(),
            options.RecordingRetentionDays > 0 ? TimeSpan.FromDays(options.RecordingRetentionDays) : null,
            options.RecordingMaxGigabytes > 0 ? (long)(options.RecordingMaxGigabytes * 1e9) : null,
            (room, session) => live.Contains((room, session)));
    }

    /// <summary>A room id as a directory name: anything but letters, digits, '-' and '_' becomes '_'.</summary>
    public static string SafeName(string roomId) => UnsafeChars().Replace(roomId, "_");

    [GeneratedRegex("^(?<session>[0-9A-Za-z-]{1,64})/(?<name>live\\.m3u8|vod\\.m3u8|init[0-9]{1,9}\\.mp4|seg[0-9]{1,18}\\.m4s|part[0-9]{1,18}\\.[0-9]{1,9}\\.m4s)$")]
    private static partial Regex ResourcePath();

    [GeneratedRegex("^part(?<msn>[0-9]+)\\.(?<part>[0-9]+)\\.m4s$")]
    private static partial Regex PartName();

    [GeneratedRegex("^seg(?<msn>[0-9]+)\\.m4s$")]
    private static partial Regex SegmentName();

    [GeneratedRegex("[^0-9A-Za-z_-]")]
    private static partial Regex UnsafeChars();
}
