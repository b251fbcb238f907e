using KubeSharp.Api.Core.V1;

namespace KubeSharp.Api.Quota;

/// <summary>A pod's effective requests and limits (upstream's resourcehelper.PodRequests/PodLimits): the sum over its
/// containers and restartable (sidecar) init containers, at least the largest ordinary init container plus the
/// sidecars started before it, plus the pod overhead when asked.</summary>
public static class PodResources
{
    public static Dictionary<string, Quantity> Requests(PodSpec spec, bool includeOverhead)
        => Effective(spec, c => c.Resources.Requests, includeOverhead, overheadOnlyWhereSet: false);

    public static Dictionary<string, Quantity> Limits(PodSpec spec, bool includeOverhead)
        => Effective(spec, c => c.Resources.Limits, includeOverhead, overheadOnlyWhereSet: true);

    private static Dictionary<string, Quantity> Effective(PodSpec spec, Func<Container, Dictionary<string, Quantity>?> select, bool includeOverhead, bool overheadOnlyWhereSet)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var result = QuotaMath.Empty();
        foreach (var container in spec.Containers ?? [])
        {
            AddTo(result, select(container));
        }
        var sidecars = QuotaMath.Empty();
        var init = QuotaMath.Empty();
        foreach (var container in spec.InitContainers ?? [])
        {
            Dictionary<string, Quantity> effective;
            if (container.RestartPolicy == "Always")
            {
                AddTo(result, select(container));
                AddTo(sidecars, select(container));
                effective = sidecars;
            }
            else
            {
                effective = QuotaMath.Empty();
                AddTo(effective, select(container));
                AddTo(effective, sidecars);
            }
            MaxInto(init, effective);
        }
        MaxInto(result, init);
        if (includeOverhead)
        {
            foreach (var (name, value) in spec.Overhead ?? [])
            {
                if (result.TryGetValue(name, out var existing))
                {
                    result[name] = existing.Add(value);
                }
                else if (!overheadOnlyWhereSet)
                {
                    result[name] = value;
                }
            }
        }
        return result;
    }

    private static void AddTo(Dictionary<string, Quantity> target, IReadOnlyDictionary<string, Quantity>? source)
    {
        foreach (var (name, value) in source ?? QuotaMath.Empty())
        {
            target[name] = target.TryGetValue(name, out var existing) ? existing.Add(value) : value;
        }
    }

    private static void MaxInto(Dictionary<string, Quantity> target, Dictionary<string, Quantity> source)
    {
        foreach (var (name, value) in source)
        {
            if (!target.TryGetValue(name, out var existing) || value.Cmp(existing) > 0)
            {
                target[name] = value;
            }
        }
    }
}
