using System.Globalization;
using System.Text;

namespace Stagecast.Gateway.Accounts;

/// <summary>
/// The UTS #39 skeleton of a name (section 4: NFD, default-ignorable code points removed, each code point replaced by
/// its confusables.txt prototype, NFD again), so "pаypal" with a Cyrillic "а", "PAYPAL", "paypa1" and "paypaI" all
/// meet "paypal". <see cref="Keys"/> adds case and spacing. Data: <c>confusables.txt</c> beside
/// this file (Unicode 13.0.0; source and licence in its header).
/// </summary>
public static class Confusables
{
    private static readonly Lazy<Dictionary<int, string>> Table = new(Load);

    /// <summary>The UTS #39 skeleton: two strings are confusable when their skeletons are equal.</summary>
    public static string Skeleton(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in Decompose(text).EnumerateRunes())
        {
            if (IsIgnorable(rune))
            {
                continue;
            }
            if (Table.Value.TryGetValue(rune.Value, out var prototype))
            {
                builder.Append(prototype);
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }
        return Decompose(builder.ToString());
    }

    /// <summary>
    /// What two names must not share: a name whose keys meet another's looks like it whatever the case, look-alike
    /// letters or spacing. Two keys, because case and the table cross: lower-cased first, "LILY" meets "lily"; the
    /// skeleton first, "Iily" meets "lily" (the table makes capital I an l, and lower-casing first would make it an i).
    /// </summary>
    public static IReadOnlyList<string> Keys(string name)
    {
        var lowerFirst = Spaced(Skeleton(name.ToLowerInvariant()));
        var skeletonFirst = Spaced(Skeleton(Skeleton(name).ToLowerInvariant()));
        return lowerFirst == skeletonFirst ? [lowerFirst] : [lowerFirst, skeletonFirst];
    }

    /// <summary>Whether two names look alike (share a key).</summary>
    public static bool LookAlike(string name, string other) => Keys(name).Intersect(Keys(other)).Any();

    private static string Spaced(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Decompose(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            return text; // lone surrogates: compared as they are
        }
    }

    // Default_Ignorable_Code_Point, as far as .NET exposes it: format characters (ZWSP, ZWJ, bidi marks, tags),
    // variation selectors and the Hangul fillers.
    private static bool IsIgnorable(Rune rune) =>
        Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format
        || rune.Value is >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF
        || rune.Value is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFFA0 or 0x180B or 0x180C or 0x180D or 0x180E;

    private static Dictionary<int, string> Load()
    {
        using var stream = typeof(Confusables).Assembly.GetManifestResourceStream("Stagecast.Confusables")
            ?? throw new InvalidOperationException("The confusables table is not embedded in the gateway.");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<int, string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var parts = line.Split(';', StringSplitOptions.TrimEntries);
            var target = string.Concat(parts[1].Split(' ').Select(hex => char.ConvertFromUtf32(int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture))));
            table[int.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = target;
        }
        return table;
    }
}
