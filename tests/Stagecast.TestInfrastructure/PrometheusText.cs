using System.Globalization;

namespace Stagecast.TestInfrastructure;

/// <summary>Reads Prometheus' text exposition (a gateway's or silo's /metrics) in tests.</summary>
public static class PrometheusText
{
    /// <summary>
    /// The sum of a series' samples over the label sets whose labels contain <paramref name="labels"/> (all when null),
    /// or -1 when none is there.
    /// </summary>
    public static double Value(string exposition, string name, string? labels = null)
    {
        var found = false;
        var sum = 0.0;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }
            var rest = line[name.Length..];
            if (rest.Length == 0 || (rest[0] != '{' && rest[0] != ' '))
            {
                continue;
            }
            var labelEnd = rest.StartsWith('{') ? rest.IndexOf('}') + 1 : 0;
            if (labels is not null && !rest[..labelEnd].Contains(labels, StringComparison.Ordinal))
            {
                continue;
            }
            sum += double.Parse(rest[labelEnd..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            found = true;
        }
        return found ? sum : -1;
    }

    /// <summary>Scrapes <paramref name="path"/> until <paramref name="done"/> holds or the deadline passes; returns the last text.</summary>
    public static async Task<string> ScrapeUntilAsync(HttpClient http, Func<string, bool> done, TimeSpan deadline, string path = "/metrics")
    {
        using var guard = new CancellationTokenSource(deadline);
        var text = "";
        try
        {
            while (true)
            {
                // Observable instruments are read at scrape time and the exporter caches a scrape for a moment: poll.
                text = await http.GetStringAsync(path, guard.Token);
                if (done(text))
                {
                    return text;
                }
                await Task.Delay(200, guard.Token);
            }
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            return text;
        }
    }
}
