using System.Text;
using System.Text.RegularExpressions;

namespace Stagecast.Grains.Videos;

/// <summary>
/// The words of a caption, for content similarity: NFKC-normalised and lower-cased tokens of letters, marks and
/// digits in any script; hashtags, mentions, pure numbers, one-letter tokens and stop words dropped; scripts written
/// without spaces (Han, kana, Thai, ...) split into overlapping character pairs, the usual way to index them.
/// </summary>
public static partial class CaptionWords
{
    public const int MaxPerVideo = 24;
    public const int MaxLength = 32;

    [GeneratedRegex(@"[#＃@＠]?[\p{L}\p{M}\p{Nd}_]+")]
    private static partial Regex Token();

    // Function words of the languages most captions here are in; they say nothing about a video's topic.
    private static readonly HashSet<string> StopWords =
    [
        "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
        "can", "could", "did", "do", "does", "for", "from", "get", "got", "had", "has", "have", "he", "her", "here",
        "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "more", "my", "no", "not", "now",
        "of", "on", "one", "or", "our", "out", "she", "so", "some", "than", "that", "the", "their", "them", "then",
        "there", "these", "they", "this", "to", "too", "up", "us", "very", "was", "we", "were", "what", "when", "where",
        "which", "who", "why", "will", "with", "would", "you", "your", "http", "https", "www", "com",
        // What is left of English contractions once the apostrophe splits them ("don't" -> "don", "t").
        "didn", "doesn", "don", "im", "isn", "ll", "re", "ve", "won",
        // Spanish, Portuguese, French, German.
        "al", "como", "con", "da", "das", "de", "del", "dem", "den", "der", "des", "die", "do", "dos", "du", "e", "el",
        "em", "en", "es", "est", "et", "ein", "eine", "für", "ich", "ist", "la", "las", "le", "les", "lo", "los", "mit",
        "na", "nicht", "no", "o", "os", "para", "pas", "pero", "por", "pour", "que", "qui", "se", "su", "sur", "um",
        "un", "una", "und", "une", "y", "zu",
    ];

    public static IReadOnlyList<string> Parse(string caption)
    {
        var words = new List<string>();
        var seen = new HashSet<string>();
        foreach (Match match in Token().Matches(caption.Normalize(NormalizationForm.FormKC).ToLowerInvariant()))
        {
            if (match.Value[0] is '#' or '＃' or '@' or '＠')
            {
                continue;
            }
            foreach (var word in Split(match.Value))
            {
                if (words.Count == MaxPerVideo)
                {
                    return words;
                }
                if (seen.Add(word))
                {
                    words.Add(word);
                }
            }
        }
        return words;
    }

    // Runs of a spaceless script become character pairs ("東京タワー" -> 東京, 京タ, タワ, ワー); other runs are words.
    private static IEnumerable<string> Split(string token)
    {
        var start = 0;
        while (start < token.Length)
        {
            var spaceless = Spaceless(token[start]);
            var end = start + 1;
            while (end < token.Length && Spaceless(token[end]) == spaceless)
            {
                end++;
            }
            var run = token[start..end];
            if (spaceless)
            {
                if (run.Length == 1)
                {
                    yield return run;
                }
                for (var i = 0; i + 1 < run.Length; i++)
                {
                    yield return run.Substring(i, 2);
                }
            }
            else if (run.Length >= 2 && !run.All(char.IsDigit) && !StopWords.Contains(run))
            {
                yield return run.Length > MaxLength ? run[..MaxLength] : run;
            }
            start = end;
        }
    }

    private static bool Spaceless(char c) => c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF')
        or (>= '\uF900' and <= '\uFAFF') or (>= '\u0E00' and <= '\u0E7F') or (>= '\u0E80' and <= '\u0EFF') or (>= '\u1000' and <= '\u109F')
        or (>= '\u1780' and <= '\u17FF');
}
