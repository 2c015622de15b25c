namespace Stagecast.ScaleOut;

/// <summary>Latencies in milliseconds, kept whole (a run records at most a few hundred thousand).</summary>
public sealed class Latencies
{
    private readonly List<double> _values = [];

    public void Add(double milliseconds)
    {
        lock (_values)
        {
            _values.Add(milliseconds);
        }
    }

    public long Count
    {
        get
        {
            lock (_values)
            {
                return _values.Count;
            }
        }
    }

    public string Describe()
    {
        lock (_values)
        {
            if (_values.Count == 0)
            {
                return "p50=- p99=- max=-";
            }
            _values.Sort();
            double At(double q) => _values[Math.Min(_values.Count - 1, (int)(q * _values.Count))];
            return $"p50={At(0.5):F1}ms p99={At(0.99):F1}ms max={_values[^1]:F1}ms";
        }
    }
}
