using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Moderation;
using Stagecast.Contracts.Privacy;
using Stagecast.Contracts.Subscriptions;
using Stagecast.Contracts.Videos;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.Media.Videos;

namespace Stagecast.Grains.Privacy;

/// <summary>
/// Writes everything held on one user into a zip: account, social graph, videos and their comments, reports filed,
/// subscriptions, wallet, every ledger row that names the user (as stored), and the user's video files (source upload,
/// HLS renditions, thumbnail). Progress goes from 0 to 100 as the steps finish.
/// </summary>
internal sealed class DataExportArchive(IGrainFactory grains, LedgerService ledger, IVideoStorage storage, string userId)
{
    private const int Page = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public async Task WriteAsync(ZipArchive zip, Func<int, string, Task> progress, CancellationToken ct)
    {
        var user = grains.GetGrain<IUserGrain>(userId);
        await progress(5, "account");
        await AddJsonAsync(zip, "account.json", new
        {
            exportedAt = ledger.Time.GetUtcNow(),
            profile = await user.GetProfile(),
            email = await grains.GetGrain<IAccountEmailGrain>(userId).Get(),
            sessions = new { sessionVersion = await user.GetSessionVersion() },
            standing = await grains.GetGrain<IAccountStandingGrain>(userId).Get(),
            roomsHosted = await grains.GetGrain<IAccountPrivacyGrain>(userId).Rooms(),
        });
        await progress(15, "followers and following");
        await AddJsonAsync(zip, "social.json", new { following = await AllAsync(user.GetFollowing), followers = await AllAsync(user.GetFollowers) });
        await progress(25, "videos and comments");
        var videos = new List<object>();
        var cards = await grains.GetGrain<IVideoCatalogGrain>(0).ByOwner(userId, includeUnfinished: true);
        foreach (var card in cards)
        {
            var video = grains.GetGrain<IVideoGrain>(card.VideoId);
            videos.Add(new { info = await video.Get(), comments = await video.GetComments() });
        }
        await AddJsonAsync(zip, "videos.json", videos);
        var written = new List<object>();
        foreach (var videoId in await grains.GetGrain<IAccountPrivacyGrain>(userId).EngagedVideos())
        {
            var mine = (await grains.GetGrain<IVideoGrain>(videoId).GetComments()).Where(c => c.UserId == userId).ToList();
            written.Add(new { videoId, comments = mine });
        }
        await AddJsonAsync(zip, "comments.json", written);
        await AddJsonAsync(zip, "livechat.json", await LiveActivityExport.ChatAsync(grains, userId));
        await AddJsonAsync(zip, "watch-history.json", await LiveActivityExport.WatchAsync(grains, userId));
        await AddJsonAsync(zip, "recordings.json", await LiveActivityExport.RecordingsAsync(grains, userId, cards));
        await progress(35, "reports, subscriptions and wallet");
        var reports = await grains.GetGrain<IReportQueueGrain>("platform").List(null, 100_000);
        await AddJsonAsync(zip, "reports.json", reports.Where(r => r.ReporterId == userId).ToList());
        var subscriptions = grains.GetGrain<ISubscriptionsGrain>(0);
        await AddJsonAsync(zip, "subscriptions.json", new { subscribed = await subscriptions.ForSubscriber(userId), subscribers = await subscriptions.ForCreator(userId) });
        var wallet = grains.GetGrain<IWalletGrain>(userId);
        await AddJsonAsync(zip, "wallet.json", new
        {
            summary = await wallet.GetSummary(),
            cashouts = await wallet.GetCashouts(Page),
            earnings = await wallet.GetEarnings(Page),
            connect = await wallet.GetConnect(),
        });
        await progress(50, "ledger");
        foreach (var (table, rows) in await DataExportLedger.RowsAsync(ledger, userId))
        {
            await AddJsonAsync(zip, $"ledger/{table}.json", rows);
        }
        for (var i = 0; i < cards.Count; i++)
        {
            await progress(55 + (40 * i / cards.Count), $"video files ({i + 1} of {cards.Count})");
            await AddVideoFilesAsync(zip, cards[i].VideoId, ct);
        }
        await progress(95, "packing");
    }

    private async Task<IReadOnlyList<string>> AllAsync(Func<int, int, Task<IReadOnlyList<string>>> page)
    {
        var all = new List<string>();
        for (var skip = 0; ; skip += Page)
        {
            var ids = await page(skip, Page);
            all.AddRange(ids);
            if (ids.Count < Page)
            {
                return all;
            }
        }
    }

    private async Task AddVideoFilesAsync(ZipArchive zip, string videoId, CancellationToken ct)
    {
        var prefix = VideoKeys.Prefix(videoId);
        await CopyAsync(zip, VideoKeys.Source(videoId), $"videos/{videoId}/source.mp4", ct);
        await CopyAsync(zip, prefix + VideoKeys.Thumbnail, $"videos/{videoId}/{VideoKeys.Thumbnail}", ct);
        // Renditions: the HLS tree, found by following the playlists from the multivariant index.
        var pending = new Queue<string>([VideoKeys.HlsIndex]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var path))
        {
            if (!seen.Add(path) || !IsRendition(path))
            {
                continue;
            }
            var text = await CopyAsync(zip, prefix + path, $"videos/{videoId}/{path}", ct, readText: path.EndsWith(".m3u8", StringComparison.Ordinal));
            foreach (var uri in PlaylistUris.Of(text))
            {
                pending.Enqueue(PlaylistUris.Resolve(path, uri));
            }
        }
    }

    private static bool IsRendition(string path) =>
        path.StartsWith("hls/", StringComparison.Ordinal) && !path.Contains("..", StringComparison.Ordinal) && !path.Contains(':') && !path.Contains('\\')
        && (path.EndsWith(".m3u8", StringComparison.Ordinal) || path.EndsWith(".ts", StringComparison.Ordinal)
            || path.EndsWith(".mp4", StringComparison.Ordinal) || path.EndsWith(".m4s", StringComparison.Ordinal));

    /// <summary>Copies one stored object into the zip (nothing when it does not exist); returns its text when asked.</summary>
    private async Task<string?> CopyAsync(ZipArchive zip, string key, string entryName, CancellationToken ct, bool readText = false)
    {
        await using var source = await storage.OpenReadAsync(key, ct);
        if (source is null)
        {
            return null;
        }
        var entry = zip.CreateEntry(entryName, CompressionLevel.NoCompression);
        await using var target = await entry.OpenAsync(ct);
        if (!readText)
        {
            await source.CopyToAsync(target, ct);
            return null;
        }
        using var buffer = new MemoryStream();
        await source.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        await buffer.CopyToAsync(target, ct);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task AddJsonAsync(ZipArchive zip, string name, object? value)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = await entry.OpenAsync();
        await JsonSerializer.SerializeAsync(stream, value, Json);
    }
}
