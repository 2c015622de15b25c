using System.Buffers.Text;
using System.Text;

namespace Stagecast.Gateway.Feed;

/// <summary>
/// The opaque cursor: the feed session key (the user id, or "anon-..." for an anonymous viewer) and the page.
/// A signed-in viewer's feed always uses their own key, whatever the cursor says.
/// </summary>
public static class FeedCursor
{
    public const string AnonymousPrefix = "anon-";

    public static string Encode(string key, int page) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{key}|{page}"));

    public static bool TryDecode(string cursor, out string key, out int page)
    {
        key = "";
        page = 0;
        if (cursor.Length > 200)
        {
            return false;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var bar = text.LastIndexOf('|');
            if (bar <= 0 || !int.TryParse(text.AsSpan(bar + 1), out page))
            {
                return false;
            }
            key = text[..bar];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
