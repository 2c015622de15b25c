using Stagecast.Contracts.Moderation;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Privacy;

/// <summary>
/// How a deleted account appears where others still see its traces: its user id becomes the ledger's tombstone id
/// (<c>deleted-…</c>), its names read <see cref="DisplayName"/>, and text it wrote itself is removed.
/// </summary>
public static class Pseudonyms
{
    public const string DisplayName = "Deleted user";

    /// <summary>How every tombstone id begins (the ledger's pseudonym of a deleted account).</summary>
    public const string TombstonePrefix = "deleted-";

    /// <summary>Whether <paramref name="userId"/> is a deleted account's tombstone id.</summary>
    public static bool IsTombstone(string userId) => userId.StartsWith(TombstonePrefix, StringComparison.Ordinal);

    public const string RemovedText = "(removed with the account)";

    /// <summary>The board row of <paramref name="userId"/>, renamed; false when the user is not on the board.</summary>
    public static bool Rename(Dictionary<string, TopGifter> gifters, string userId, string pseudonym)
    {
        if (!gifters.Remove(userId, out var row))
        {
            return false;
        }
        gifters[pseudonym] = Rename(row, pseudonym);
        return true;
    }

    /// <summary>A gifter row (a room's board, a match's MVPs) under the pseudonym, its coins kept.</summary>
    public static TopGifter Rename(TopGifter row, string pseudonym) => new(pseudonym, DisplayName, row.Coins);

    /// <summary>The entry with the user's id replaced (operator or target), or the same entry when it does not name them.</summary>
    public static AuditEntry Rewrite(AuditEntry entry, string userId, string pseudonym) => entry with
    {
        OperatorId = Swap(entry.OperatorId, userId, pseudonym),
        TargetId = Swap(entry.TargetId, userId, pseudonym),
    };

    /// <summary>
    /// The report with the user's id replaced wherever it stands; when it is about the user, the context's title loses
    /// their <paramref name="names"/> (display name, @username) and its text, which the user wrote, is removed.
    /// </summary>
    public static PlatformReport Rewrite(PlatformReport report, string userId, string pseudonym, IReadOnlyList<string> names)
    {
        var about = report.TargetUserId == userId;
        var context = report.Context with
        {
            Title = about ? Scrub(report.Context.Title, names) : report.Context.Title,
            Text = about && report.Context.Text is not null ? RemovedText : report.Context.Text,
            Neighbours = report.Context.Neighbours.Select(line => line.UserId == userId
                ? line with { UserId = pseudonym, DisplayName = DisplayName, Text = RemovedText }
                : line).ToArray(),
        };
        return report with
        {
            ReporterId = Swap(report.ReporterId, userId, pseudonym),
            TargetId = Swap(report.TargetId, userId, pseudonym),
            TargetUserId = report.TargetUserId is null ? null : Swap(report.TargetUserId, userId, pseudonym),
            ResolvedBy = report.ResolvedBy is null ? null : Swap(report.ResolvedBy, userId, pseudonym),
            Context = context,
        };
    }

    /// <summary>Whether the report names the user anywhere this rewrite changes.</summary>
    public static bool Names(PlatformReport report, string userId) =>
        report.ReporterId == userId || report.TargetId == userId || report.TargetUserId == userId || report.ResolvedBy == userId
        || report.Context.Neighbours.Any(line => line.UserId == userId);

    private static string Swap(string id, string userId, string pseudonym) => id == userId ? pseudonym : id;

    private static string? Scrub(string? text, IReadOnlyList<string> names)
    {
        if (text is null)
        {
            return null;
        }
        // Longest first, so "@name" goes as a whole before "name".
        foreach (var name in names.Where(n => n.Length > 0).OrderByDescending(n => n.Length))
        {
            text = text.Replace(name, DisplayName, StringComparison.Ordinal);
        }
        return text;
    }
}
