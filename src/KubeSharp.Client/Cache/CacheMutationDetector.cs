namespace KubeSharp.Client.Cache;

/// <summary>An object in an informer's cache was changed by someone (see <see cref="CacheMutationDetector{T}"/>).</summary>
public sealed class CacheMutationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CacheMutationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CacheMutationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CacheMutationException()
    {
    }
}

/// <summary>
/// A debugging aid (client-go's cache mutation detector): remembers the JSON of every object put into a cache and
/// <see cref="Check"/> throws when one no longer serializes the same, i.e. someone mutated a cached object. Costs a
/// serialization per object: meant for tests (<see cref="SharedInformerOptions.DetectMutations"/>, or the
/// environment variable KUBESHARP_CACHE_MUTATION_DETECTOR=true).
/// </summary>
public sealed class CacheMutationDetector<T>
    where T : class
{
    private readonly Lock _lock = new();
    private readonly ObjectAdapter<T> _adapter;
    private readonly List<(T Object, byte[] Json)> _entries = [];

    /// <summary>Creates a detector.</summary>
    public CacheMutationDetector(ObjectAdapter<T> adapter)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        _adapter = adapter;
    }

    /// <summary>Remembers an object as it is now.</summary>
    public void Add(T obj)
    {
        var json = _adapter.Encode(obj);
        lock (_lock)
        {
            _entries.Add((obj, json));
        }
    }

    /// <summary>Throws <see cref="CacheMutationException"/> naming the first object that changed since it was added.</summary>
    public void Check()
    {
        List<(T Object, byte[] Json)> entries;
        lock (_lock)
        {
            entries = [.. _entries];
        }
        foreach (var (obj, json) in entries)
        {
            var now = _adapter.Encode(obj);
            if (!now.AsSpan().SequenceEqual(json))
            {
                throw new CacheMutationException(
                    $"cache {typeof(T).Name} modified: {_adapter.KeyOf(obj)} was mutated after it was put in the cache.\nbefore: {System.Text.Encoding.UTF8.GetString(json)}\nafter:  {System.Text.Encoding.UTF8.GetString(now)}");
            }
        }
    }
}

/// <summary>Settings of the cache mutation detector.</summary>
public static class CacheMutationDetector
{
    /// <summary>True when KUBESHARP_CACHE_MUTATION_DETECTOR is "true" or "1".</summary>
    public static bool EnabledByEnvironment
        => Environment.GetEnvironmentVariable("KUBESHARP_CACHE_MUTATION_DETECTOR") is "true" or "1";
}
