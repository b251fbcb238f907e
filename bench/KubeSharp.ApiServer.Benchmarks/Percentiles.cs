namespace KubeSharp.ApiServer.Benchmarks;

/// <summary>Nearest-rank percentiles of a set of durations in milliseconds.</summary>
internal sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> values)
    {
        _sorted = [.. values];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double At(double p) => _sorted.Length == 0 ? double.NaN : _sorted[Math.Min(_sorted.Length - 1, (int)(p * _sorted.Length))];

    public string Summary => $"p50 {At(0.50):F1} ms, p99 {At(0.99):F1} ms";
}
