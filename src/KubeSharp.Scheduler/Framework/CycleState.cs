namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// Data plugins share during one scheduling cycle (upstream's <c>framework.CycleState</c>). Written by PreFilter and
/// PreScore (sequential), read concurrently by Filter and Score: a plain dictionary is safe for that pattern.
/// </summary>
public sealed class CycleState
{
    private readonly Dictionary<string, object> _data = new(StringComparer.Ordinal);

    /// <summary>Plugins whose Filter is skipped this cycle (their PreFilter returned Skip).</summary>
    public HashSet<string> SkipFilterPlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Plugins whose Score is skipped this cycle (their PreScore returned Skip).</summary>
    public HashSet<string> SkipScorePlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Stores a value under a key.</summary>
    public void Write(string key, object value) => _data[key] = value;

    /// <summary>Reads a value, or null when absent or of another type.</summary>
    public T? Read<T>(string key) where T : class => _data.TryGetValue(key, out var value) ? value as T : null;

    /// <summary>Removes a value.</summary>
    public void Delete(string key) => _data.Remove(key);

    /// <summary>A copy of the state (upstream's <c>Clone</c>, used by preemption's dry runs). Values that implement
    /// <see cref="IStateData"/> are cloned; others are shared.</summary>
    public CycleState Clone()
    {
        var copy = new CycleState();
        foreach (var (key, value) in _data)
        {
            copy._data[key] = value is IStateData data ? data.Clone() : value;
        }

        copy.SkipFilterPlugins.UnionWith(SkipFilterPlugins);
        copy.SkipScorePlugins.UnionWith(SkipScorePlugins);
        return copy;
    }
}

/// <summary>Cycle state data that preemption's dry runs must copy (upstream's <c>StateData</c>).</summary>
public interface IStateData
{
    /// <summary>A deep enough copy for AddPod/RemovePod to change it independently.</summary>
    IStateData Clone();
}
