using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Videos;
using Stagecast.Media.Hls;
using Stagecast.Media.Videos;

namespace Stagecast.Gateway.Videos;

/// <summary>
/// Turns this gateway's finished live recordings into replay videos. The durable job is the recording itself:
/// a session folder with <c>replay.m3u8</c> (written last, once the recording is whole) and no
/// <c>published.json</c> is pending, so a gateway restart between the end and the publication only delays it.
/// The video id is derived from the room and session, and the video grain refuses a second Create, so a
/// publication interrupted half-way and run again makes one video, never two.
/// </summary>
public sealed class ReplayPublisher(
    IGrainFactory grains,
    IOptions<HlsOptions> hls,
    ReplayOptions options,
    VideoOptions videos,
    VideoProbe probe,
    IVideoStorage storage,
    UploadStaging staging,
    ILogger<ReplayPublisher> logger) : BackgroundService
{
    public const string Marker = "published.json";

    /// <summary>The replay video id of a recorded session: stable, so every retry names the same video.</summary>
    public static string VideoIdFor(string roomId, string sessionId) =>
        "r" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{roomId}/{sessionId}")).AsSpan(0, 15))
            .Replace('+', '-').Replace('/', '_');

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled || !hls.Value.RecordingEnabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.ScanInterval);
        do
        {
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Replay scan failed; the next scan retries");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Publishes every finished recording whose room has ended; returns how many were handled.</summary>
    public async Task<int> ScanAsync(CancellationToken ct)
    {
        var root = Path.GetFullPath(hls.Value.RecordingDirectory);
        if (!Directory.Exists(root))
        {
            return 0;
        }
        var handled = 0;
        foreach (var session in Directory.EnumerateDirectories(root).SelectMany(Directory.EnumerateDirectories).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(session, "replay.m3u8")) && !File.Exists(Path.Combine(session, Marker))
                && await PublishAsync(Path.GetFileName(Path.GetDirectoryName(session))!, Path.GetFileName(session), session, ct))
            {
                handled++;
            }
        }
        return handled;
    }

    private async Task<bool> PublishAsync(string roomId, string sessionId, string folder, CancellationToken ct)
    {
        var room = await grains.GetGrain<ILiveRoomGrain>(roomId).GetInfo();
        if (room is { Status: RoomStatus.Live or RoomStatus.Created })
        {
            return false; // The publisher may come back; the room's replays are made once it has ended.
        }
        if (room is { EndReason: RoomEndReason.Removed })
        {
            // Taken down by the platform: no replay video; the recording stays on disk for the operators.
            logger.LogInformation("Recording {RoomId}/{SessionId}: the room was removed; no replay", roomId, sessionId);
            await MarkAsync(folder, null, "removed", ct);
            return true;
        }
        var videoId = VideoIdFor(roomId, sessionId);
        var video = grains.GetGrain<IVideoGrain>(videoId);
        if (room is null || await video.Get() is not null)
        {
            if (room is not null)
            {
                await grains.GetGrain<IRoomReplayGrain>(roomId).AddVideo(videoId);
            }
            await MarkAsync(folder, room is null ? null : videoId, room is null ? "unknown_room" : "published", ct);
            return true;
        }
        var staged = Path.Combine(staging.Directory, $"{videoId}.replay.mkv");
        try
        {
            // The recording is CMAF fMP4 (H.264 with Opus or AAC); a stream copy into Matroska holds either.
            var remux = await ToolProcess.RunAsync(videos.FfmpegPath,
                ["-v", "error", "-y", "-i", Path.Combine(folder, "vod.m3u8"), "-map", "0", "-c", "copy", "-f", "matroska", staged], null, lowPriority: true, ct);
            var found = remux.ExitCode == 0 ? await probe.ProbeAsync(staged, ct) : VideoProbeResult.NotMedia;
            if (!found.HasVideo || found.Duration <= TimeSpan.Zero)
            {
                logger.LogWarning("Recording {RoomId}/{SessionId} has no playable video ({Error}); no replay", roomId, sessionId, remux.StderrTail);
                await MarkAsync(folder, null, "no_video", ct);
                return true;
            }
            await storage.PutFileAsync(VideoKeys.Source(videoId), staged, move: true, ct);
            var visibility = await grains.GetGrain<IRoomReplayGrain>(roomId).GetVisibility();
            var upload = new VideoUpload(room.HostId, room.HostDisplayName, room.Title, (long)found.Duration.TotalMilliseconds,
                found.Width, found.Height, found.HasAudio, VideoKinds.Replay, visibility);
            if (!await video.Create(upload) && await video.Get() is null)
            {
                // Deleted by its owner after an earlier, interrupted run: the source just stored goes too.
                await storage.DeletePrefixAsync(VideoKeys.Prefix(videoId), ct);
            }
            else
            {
                // The room's list of replays: the owner's data export links the recording to this video.
                await grains.GetGrain<IRoomReplayGrain>(roomId).AddVideo(videoId);
            }
            await MarkAsync(folder, videoId, "published", ct);
            logger.LogInformation("Recording {RoomId}/{SessionId} became replay video {VideoId}", roomId, sessionId, videoId);
            return true;
        }
        finally
        {
            File.Delete(staged);
        }
    }

    private static async Task MarkAsync(string folder, string? videoId, string outcome, CancellationToken ct)
    {
        var path = Path.Combine(folder, Marker);
        await File.WriteAllTextAsync(path + ".tmp", JsonSerializer.Serialize(new { videoId, outcome }), ct);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}

/// <summary>The "Replays" configuration section.</summary>
public sealed class ReplayOptions
{
    public const string Section = "Replays";

    /// <summary>Whether finished lives become replay videos.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the recording directory is scanned for finished lives.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(5);
}
