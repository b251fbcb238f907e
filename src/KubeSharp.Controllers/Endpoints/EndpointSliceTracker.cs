using KubeSharp.Api.Discovery.V1;

namespace KubeSharp.Controllers.Endpoints;

/// <summary>
/// upstream's EndpointSliceTracker: the generation of every EndpointSlice this controller last wrote, per Service, and
/// the ones it deleted, so that a sync over a cache still missing its own writes is refused (the Service is retried)
/// instead of creating duplicates, and so that only foreign changes to a slice trigger a sync. Thread-safe.
/// </summary>
public sealed class EndpointSliceTracker
{
    private const long DeletionExpected = -1;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, long>> _generationsByService = new(StringComparer.Ordinal);

    /// <summary>The Service key of a slice (its namespace and <c>kubernetes.io/service-name</c> label).</summary>
    public static string? ServiceKey(EndpointSlice slice)
        => slice.Metadata.Labels?.TryGetValue(EndpointSliceReconciler.ServiceNameLabel, out var name) == true ? slice.Metadata.Namespace + "/" + name : null;

    /// <summary>Whether the slice is tracked.</summary>
    public bool Has(EndpointSlice slice)
    {
        lock (_lock)
        {
            return ServiceKey(slice) is { } key && _generationsByService.TryGetValue(key, out var g) && g.ContainsKey(slice.Metadata.Uid);
        }
    }

    /// <summary>Whether an event for the slice shows a change this controller did not make (untracked, or a newer generation).</summary>
    public bool ShouldSync(EndpointSlice slice)
    {
        lock (_lock)
        {
            if (ServiceKey(slice) is not { } key || !_generationsByService.TryGetValue(key, out var g) || !g.TryGetValue(slice.Metadata.Uid, out var generation))
            {
                return true;
            }
            return slice.Metadata.Generation > generation;
        }
    }

    /// <summary>Whether the cached slices of the Service lag behind this controller's writes.</summary>
    public bool StaleSlices(string serviceKey, IReadOnlyList<EndpointSlice> slices)
    {
        lock (_lock)
        {
            if (!_generationsByService.TryGetValue(serviceKey, out var g))
            {
                return false;
            }
            var provided = new HashSet<string>(StringComparer.Ordinal);
            foreach (var slice in slices)
            {
                provided.Add(slice.Metadata.Uid);
                if (g.TryGetValue(slice.Metadata.Uid, out var generation) && (generation == DeletionExpected || generation > slice.Metadata.Generation))
                {
                    return true;
                }
            }
            return g.Any(e => e.Value != DeletionExpected && !provided.Contains(e.Key));
        }
    }

    /// <summary>Records a slice this controller created or updated.</summary>
    public void Update(EndpointSlice slice) => Set(slice, slice.Metadata.Generation);

    /// <summary>Records a slice this controller deleted.</summary>
    public void ExpectDeletion(EndpointSlice slice) => Set(slice, DeletionExpected);

    /// <summary>Forgets a deleted slice; true when the deletion was this controller's.</summary>
    public bool HandleDeletion(EndpointSlice slice)
    {
        lock (_lock)
        {
            if (ServiceKey(slice) is not { } key || !_generationsByService.TryGetValue(key, out var g))
            {
                return false;
            }
            var expected = g.TryGetValue(slice.Metadata.Uid, out var generation) && generation == DeletionExpected;
            g.Remove(slice.Metadata.Uid);
            if (g.Count == 0)
            {
                _generationsByService.Remove(key);
            }
            return expected;
        }
    }

    /// <summary>Forgets a deleted Service.</summary>
    public void DeleteService(string serviceKey)
    {
        lock (_lock)
        {
            _generationsByService.Remove(serviceKey);
        }
    }

    private void Set(EndpointSlice slice, long generation)
    {
        lock (_lock)
        {
            if (ServiceKey(slice) is not { } key)
            {
                return;
            }
            if (!_generationsByService.TryGetValue(key, out var g))
            {
                g = new Dictionary<string, long>(StringComparer.Ordinal);
                _generationsByService[key] = g;
            }
            g[slice.Metadata.Uid] = generation;
        }
    }
}
