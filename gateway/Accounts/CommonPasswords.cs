namespace Stagecast.Gateway.Accounts;

/// <summary>
/// The 10,000 most common passwords (SecLists' 10k-most-common, Mark Burnett's list; source and licence in the header
/// of <c>common-passwords.txt</c>), shipped inside the gateway. Compared without regard to case, so "Password1" is as
/// refused as "password1": guessing tools try the capitalised forms first.
/// </summary>
public static class CommonPasswords
{
    private static readonly Lazy<HashSet<string>> Set = new(Load);

    /// <summary>How many passwords the list holds.</summary>
    public static int Count => Set.Value.Count;

    public static bool Contains(string password) => Set.Value.Contains(password);

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("Stagecast.CommonPasswords")
            ?? throw new InvalidOperationException("The common-password list is not embedded in the gateway.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith("# ", StringComparison.Ordinal))
            {
                set.Add(line);
            }
        }
        return set;
    }
}
