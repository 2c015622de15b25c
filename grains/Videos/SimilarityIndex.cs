using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// Item-to-item similarity, bounded. Content: each video's feature buckets and, per bucket, the
/// <see cref="MaxPostings"/> videos posted last (an inverted index: nearest by vector reads at most
/// <see cref="MaxInterests"/> x <see cref="MaxPostings"/> postings). Co-engagement: per video, the
/// <see cref="MaxNeighbours"/> strongest videos the same viewers engaged with, each a count decayed with
/// <see cref="HalfLife"/>; a newcomer replaces the weakest, so a list can change as tastes move.
/// </summary>
public sealed class SimilarityIndex
{
    public const int MaxPostings = 256;
    public const int MaxNeighbours = 20;
    public const int MaxRecent = 10;
    public const int MaxInterests = 16;
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(3);

    private readonly VideoSimilarityState _state;
    private readonly Dictionary<int, List<string>> _postings = [];

    public SimilarityIndex(VideoSimilarityState state)
    {
        _state = state;
        foreach (var (id, vector) in state.Vectors.OrderBy(v => v.Value.CreatedMs).ThenBy(v => v.Key, StringComparer.Ordinal))
        {
            Post(id, vector);
        }
    }

    /// <summary>Videos with a content vector.</summary>
    public int Count => _state.Vectors.Count;

    /// <summary>Postings over all buckets (at most <see cref="MaxPostings"/> per bucket and <see cref="ContentFeatures.MaxPerVideo"/> per video).</summary>
    public int Postings => _postings.Values.Sum(p => p.Count);

    /// <summary>Neighbour entries over all videos (at most <see cref="MaxNeighbours"/> per video).</summary>
    public int NeighbourEntries => _state.Neighbours.Values.Sum(n => n.Count);

    /// <summary>Indexes a video's content; false when it was already indexed with the same features.</summary>
    public bool Put(VideoContent content)
    {
        var buckets = content.Features.Take(ContentFeatures.MaxPerVideo).Select(ContentFeatures.Bucket).Distinct().ToArray();
        if (_state.Vectors.TryGetValue(content.VideoId, out var old))
        {
            if (old.Buckets.SequenceEqual(buckets))
            {
                return false;
            }
            Unpost(content.VideoId, old);
        }
        var vector = new VideoVector(buckets, content.CreatedMs);
        _state.Vectors[content.VideoId] = vector;
        Post(content.VideoId, vector);
        return true;
    }

    /// <summary>Forgets a video: its vector, its postings and its neighbour list (and its place in its neighbours' lists).</summary>
    public bool Remove(string videoId)
    {
        var removed = false;
        if (_state.Vectors.Remove(videoId, out var old))
        {
            Unpost(videoId, old);
            removed = true;
        }
        if (_state.Neighbours.Remove(videoId, out var neighbours))
        {
            foreach (var other in neighbours.Keys)
            {
                if (_state.Neighbours.TryGetValue(other, out var back) && back.Remove(videoId) && back.Count == 0)
                {
                    _state.Neighbours.Remove(other);
                }
            }
            removed = true;
        }
        return removed;
    }

    /// <summary>One viewer engaged with <paramref name="videoId"/> after the <paramref name="recent"/> videos (the last <see cref="MaxRecent"/> count).</summary>
    public void CoEngage(string videoId, IReadOnlyList<string> recent, long nowMs)
    {
        foreach (var other in recent.Where(r => r != videoId).Distinct().TakeLast(MaxRecent))
        {
            Add(videoId, other, nowMs);
            Add(other, videoId, nowMs);
        }
    }

    /// <summary>A video's neighbours with their decayed weights, strongest first.</summary>
    public IReadOnlyList<SimilarVideo> NeighboursOf(string videoId, long nowMs) =>
        _state.Neighbours.TryGetValue(videoId, out var list)
            ? [.. list.Select(n => new SimilarVideo(n.Key, n.Value.At(nowMs))).OrderByDescending(n => n.Weight).ThenBy(n => n.VideoId, StringComparer.Ordinal)]
            : [];

    /// <summary>
    /// Co-engagement: each neighbour of the recent videos scores w / (w + 1) per recent video it neighbours (one viewer
    /// in common 0.5, three 0.75), summed. Nearest: the videos sharing the most interest weight (<see cref="Nearest"/>).
    /// </summary>
    public SimilarVideos Similar(SimilarityQuery query, long nowMs)
    {
        var n = Math.Clamp(query.PerPool, 1, 500);
        var recent = query.Recent.TakeLast(MaxRecent).ToHashSet();
        var co = new Dictionary<string, double>();
        foreach (var r in recent)
        {
            foreach (var (id, weight) in _state.Neighbours.GetValueOrDefault(r) ?? [])
            {
                if (!recent.Contains(id))
                {
                    var w = weight.At(nowMs);
                    co[id] = co.GetValueOrDefault(id) + w / (w + 1);
                }
            }
        }
        var top = co.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(n).ToDictionary();
        return new SimilarVideos(top, Nearest(query.Interests, n, recent));
    }

    /// <summary>
    /// The n videos with the largest dot product between the viewer's interests (the <see cref="MaxInterests"/>
    /// strongest positive ones) and their unit content vector; ties go to the newer video.
    /// </summary>
    public IReadOnlyList<string> Nearest(IReadOnlyDictionary<string, double> interests, int n, IReadOnlySet<string>? exclude = null)
    {
        var scores = new Dictionary<string, double>();
        foreach (var (feature, weight) in interests.Where(i => i.Value > 0).OrderByDescending(i => i.Value).Take(MaxInterests))
        {
            if (!_postings.TryGetValue(ContentFeatures.Bucket(feature), out var posted))
            {
                continue;
            }
            foreach (var id in posted)
            {
                scores[id] = scores.GetValueOrDefault(id) + weight / Math.Sqrt(_state.Vectors[id].Buckets.Length);
            }
        }
        return [.. scores.Where(s => exclude?.Contains(s.Key) != true)
            .OrderByDescending(s => s.Value).ThenByDescending(s => _state.Vectors[s.Key].CreatedMs).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Take(n).Select(s => s.Key)];
    }

    private void Add(string from, string to, long nowMs)
    {
        if (!_state.Neighbours.TryGetValue(from, out var list))
        {
            _state.Neighbours[from] = list = [];
        }
        list[to] = new CoWeight((list.GetValueOrDefault(to)?.At(nowMs) ?? 0) + 1, nowMs);
        if (list.Count > MaxNeighbours)
        {
            // The weakest other than the one just strengthened: a newcomer gets its chance to grow.
            list.Remove(list.Where(e => e.Key != to).MinBy(e => e.Value.At(nowMs)).Key);
        }
    }

    private void Post(string videoId, VideoVector vector)
    {
        foreach (var bucket in vector.Buckets)
        {
            if (!_postings.TryGetValue(bucket, out var posted))
            {
                _postings[bucket] = posted = [];
            }
            posted.Add(videoId);
            if (posted.Count > MaxPostings)
            {
                posted.RemoveAt(0);
            }
        }
    }

    private void Unpost(string videoId, VideoVector vector)
    {
        foreach (var bucket in vector.Buckets)
        {
            if (_postings.TryGetValue(bucket, out var posted) && posted.Remove(videoId) && posted.Count == 0)
            {
                _postings.Remove(bucket);
            }
        }
    }
}
