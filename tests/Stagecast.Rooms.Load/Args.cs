namespace Stagecast.Rooms.Load;

/// <summary>
/// Command line: --url (one gateway, or several separated by commas: viewers and senders are spread over them), --viewers, --rate (events/s), --seconds, --warmup, --client epoll|raw|hub, --mode batch|events,
/// --senders, --server-pid (one, or several separated by commas: their CPU is summed), --server-stats FILE, --sample (seconds between progress lines), --comment-sample K (epoll and
/// raw viewers: one in K reads every comment's time for the comment-to-receipt figure; the rest read only sentAt).
/// </summary>
public sealed record Args(string Url, int Viewers, double Rate, int Seconds, int Warmup, string Client, string Mode, int Senders,
    int[] ServerPids, string? ServerStats, int Sample, int CommentSample)
{
    public string[] Urls => Url.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The gateway for viewer or sender number <paramref name="index"/> (round-robin).</summary>
    public string UrlFor(int index) => Urls[index % Urls.Length];

    public static Args Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var rate = double.Parse(Get("rate", "50"), System.Globalization.CultureInfo.InvariantCulture);
        var pid = Get("server-pid", "");
        var client = Get("client", EpollViewers.IsSupported ? "epoll" : "raw");
        if (client != "hub" && Get("mode", "batch") != "batch")
        {
            throw new ArgumentException("--client raw and epoll support --mode batch only; use --client hub for --mode events.");
        }
        return new Args(
            Get("url", "http://127.0.0.1:5000"),
            int.Parse(Get("viewers", "1000")),
            rate,
            int.Parse(Get("seconds", "30")),
            int.Parse(Get("warmup", "5")),
            client,
            Get("mode", "batch"),
            // Each user may post one comment a second (burst five), so spread the rate over enough senders.
            int.Parse(Get("senders", Math.Max(2, (int)Math.Ceiling(rate * 2)).ToString())),
            pid.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray(),
            Get("server-stats", "") is { Length: > 0 } stats ? stats : null,
            int.Parse(Get("sample", "10")),
            Math.Max(1, int.Parse(Get("comment-sample", "10"))));
    }
}
