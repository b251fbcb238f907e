namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// Data plugins share during one scheduling cycle (upstream's <c>framework.CycleState</c>). Written by PreFilter and
/// PreScore (sequential), read concurrently by Filter and Score (no writes then, so reads need no lock). A cycle holds
/// a dozen entries under constant keys and every Filter/Score call reads one, so the entries are a small array
/// searched by reference first (the plugins' key constants), then by ordinal equality: no string hashing per node.
/// </summary>
public sealed class CycleState
{
    private string[] _keys = new string[8];
    private object[] _values = new object[8];
    private int _count;

    /// <summary>Plugins whose Filter is skipped this cycle (their PreFilter returned Skip).</summary>
    public HashSet<string> SkipFilterPlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Plugins whose Score is skipped this cycle (their PreScore returned Skip).</summary>
    public HashSet<string> SkipScorePlugins { get; } = new(StringComparer.Ordinal);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int IndexOf(string key)
    {
        var keys = _keys;
        var count = _count;
        for (var i = 0; i < count; i++)
        {
            if (ReferenceEquals(keys[i], key))
            {
                return i;
            }
        }

        for (var i = 0; i < count; i++)
        {
            if (string.Equals(keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Stores a value under a key.</summary>
    public void Write(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var i = IndexOf(key);
        if (i >= 0)
        {
            _values[i] = value;
            return;
        }

        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }

        _keys[_count] = key;
        _values[_count] = value;
        _count++;
    }

    /// <summary>Reads a value, or null when absent or of another type.</summary>
    public T? Read<T>(string key) where T : class
    {
        var i = IndexOf(key);
        return i >= 0 ? _values[i] as T : null;
    }

    /// <summary>Removes a value.</summary>
    public void Delete(string key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return;
        }

        _count--;
        _keys[i] = _keys[_count];
        _values[i] = _values[_count];
        _keys[_count] = null!;
        _values[_count] = null!;
    }

    /// <summary>A copy of the state (upstream's <c>Clone</c>, used by preemption's dry runs). Values that implement
    /// <see cref="IStateData"/> are cloned; others are shared.</summary>
    public CycleState Clone()
    {
        var copy = new CycleState
        {
            _keys = (string[])_keys.Clone(),
            _values = new object[_values.Length],
            _count = _count,
        };
        for (var i = 0; i < _count; i++)
        {
            var value = _values[i];
            copy._values[i] = value is IStateData data ? data.Clone() : value;
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
