using System.Globalization;
using System.Text;
using Stagecast.Contracts.Text;

namespace Stagecast.Grains.Rooms;

/// <summary>The limits every room applies, and the text rules for comments and blocked keywords.</summary>
public static class RoomRules
{
    public const int MaxCommentLength = 300;
    public const int CommentHistory = 50;
    public const int TopGifterCount = 10;
    public const int MaxLikesPerCall = 100;
    public const int MaxKeywords = 200;
    public const int MaxKeywordLength = 50;
    public const int MaxSlowModeSeconds = 3600;
    public static readonly TimeSpan MaxMute = TimeSpan.FromDays(7);
    public static readonly TimeSpan GiftStreakWindow = TimeSpan.FromSeconds(5);

    /// <summary>Comments: a burst of 5, then one per second, per user.</summary>
    public const double CommentBurst = 5, CommentsPerSecond = 1;

    /// <summary>Like calls: a burst of 10, then 5 per second, per user.</summary>
    public const double LikeBurst = 10, LikesPerSecond = 5;

    /// <summary>A gateway that stops reporting for this long no longer counts viewers or receives events.</summary>
    public static readonly TimeSpan PresenceLease = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Trims, removes control characters and NFC-normalises a comment; null when it is empty or longer than
    /// 300 characters (user-perceived characters: text elements).
    /// </summary>
    public static string? NormalizeComment(string? text)
    {
        if (text is null || text.Length > MaxCommentLength * 8)
        {
            return null;
        }
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsControl(c) || c is '\n')
            {
                builder.Append(c);
            }
        }
        string normalized;
        try
        {
            normalized = builder.ToString().Trim().Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return null; // lone surrogates
        }
        var length = new StringInfo(normalized).LengthInTextElements;
        return length is >= 1 and <= MaxCommentLength && TextHygiene.Problem(normalized, allowNewlines: true) is null ? normalized : null;
    }

    /// <summary>The form keywords are compared in: compatibility-normalised (NFKC) and lower case.</summary>
    public static string ForMatching(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return text.ToLowerInvariant();
        }
    }

    /// <summary>Cleans a keyword list: normalised, trimmed, distinct, non-empty; null when it breaks the limits.</summary>
    public static List<string>? NormalizeKeywords(IReadOnlyList<string>? keywords)
    {
        if (keywords is null || keywords.Count > MaxKeywords)
        {
            return null;
        }
        var result = new List<string>();
        foreach (var keyword in keywords)
        {
            var k = ForMatching(keyword ?? "").Trim();
            if (k.Length > MaxKeywordLength)
            {
                return null;
            }
            if (k.Length > 0 && !result.Contains(k))
            {
                result.Add(k);
            }
        }
        return result;
    }
}
