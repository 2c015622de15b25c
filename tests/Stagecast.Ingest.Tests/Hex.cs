namespace Stagecast.Ingest.Tests;

internal static class Hex
{
    public static byte[] Parse(string text) =>
        Convert.FromHexString(new string(text.Where(Uri.IsHexDigit).ToArray()));
}
