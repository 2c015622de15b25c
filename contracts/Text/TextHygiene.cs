using System.Globalization;
using System.Text;

namespace Stagecast.Contracts.Text;

/// <summary>
/// What user-written text (display names, titles, bios, comments) may contain: no control characters, no bidirectional
/// embeddings, overrides or isolates (U+202A..U+202E, U+2066..U+2069: they reorder what viewers read, "Trojan Source"),
/// and at least one visible character (names made of U+200B, U+3164 and the like impersonate an empty name).
/// </summary>
public static class TextHygiene
{
    /// <summary>Why the text is refused ("must ..."), or null when it is acceptable.</summary>
    public static string? Problem(string text, bool allowNewlines = false)
    {
        var visible = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069)
            {
                return "must not contain bidirectional control characters";
            }
            if (Rune.IsControl(rune) && !(allowNewlines && rune.Value == '\n'))
            {
                return "must not contain control characters";
            }
            visible |= !IsInvisible(rune);
        }
        return visible ? null : "must contain a visible character";
    }

    private static bool IsInvisible(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.EnclosingMark or UnicodeCategory.Control
        // Fillers and blanks that render as nothing but are letters or symbols to Unicode.
        || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x180E;
}
