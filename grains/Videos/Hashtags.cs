using System.Text;
using System.Text.RegularExpressions;

namespace Stagecast.Grains.Videos;

/// <summary>Hashtags in a caption: '#' then letters, marks, digits or '_' in any script, NFKC-normalised and lower-cased.</summary>
public static partial class Hashtags
{
    public const int MaxPerVideo = 20;

    [GeneratedRegex(@"(?<![\p{L}\p{M}\p{Nd}_#])[#＃]([\p{L}\p{M}\p{Nd}_]{1,64})")]
    private static partial Regex Pattern();

    public static IReadOnlyList<string> Parse(string caption) =>
        Pattern().Matches(caption.Normalize(NormalizationForm.FormKC))
            .Select(m => m.Groups[1].Value.ToLowerInvariant())
            .Where(t => t.Any(c => !char.IsDigit(c)))
            .Distinct()
            .Take(MaxPerVideo)
            .ToList();
}
