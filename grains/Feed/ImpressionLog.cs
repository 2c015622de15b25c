using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Feed;

/// <summary>
/// A viewer's served videos awaiting their outcome. Each is graded by what followed it: nothing or a skip 0, a view
/// 1, watching half 2, finishing 3; a like or share adds 1 (at most 4). Closed into samples at the next page.
/// </summary>
public sealed class ImpressionLog
{
    private const int MaxOpen = 200;

    private readonly Dictionary<string, Outcome> _open = [];

    public void Shown(string group, string videoId, float[] features)
    {
        if (_open.Count < MaxOpen)
        {
            _open[videoId] = new Outcome(group, features);
        }
    }

    public void Engaged(string videoId, VideoSignalKind kind, long? watchedMs, long durationMs)
    {
        if (!_open.TryGetValue(videoId, out var o))
        {
            return;
        }
        var ratio = durationMs > 0 ? (double)(watchedMs ?? 0) / durationMs : 0;
        switch (kind)
        {
            case VideoSignalKind.View:
                o.Watch = Math.Max(o.Watch, 1);
                break;
            case VideoSignalKind.Watch:
                o.Watch = Math.Max(o.Watch, ratio >= 0.9 ? 3 : ratio >= 0.5 ? 2 : 1);
                break;
            case VideoSignalKind.Like or VideoSignalKind.Share:
                o.Bonus = 1;
                break;
        }
    }

    public List<RankingSample> Close()
    {
        var samples = _open.Values.Select(o => new RankingSample(o.Group, o.Features, Math.Min(4, o.Watch + o.Bonus))).ToList();
        _open.Clear();
        return samples;
    }

    private sealed class Outcome(string group, float[] features)
    {
        public string Group { get; } = group;
        public float[] Features { get; } = features;
        public int Watch { get; set; }
        public int Bonus { get; set; }
    }
}
