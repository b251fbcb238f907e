using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Quota;

namespace KubeSharp.ApiServer.Admission.Plugins;

/// <summary>
/// Upstream's LimitRanger plugin over the namespace's LimitRanges. On a pod create it first fills in each container's
/// (and init container's) missing requests and limits from the Container items' defaultRequest and default, noting
/// what it set in the kubernetes.io/limit-ranger annotation; then it checks min, max and maxLimitRequestRatio per
/// Container and per Pod, and min/max storage requests of PersistentVolumeClaims (create and update), refusing with
/// upstream's 403 messages. Pod updates are not checked (containers' resources cannot change).
/// </summary>
public sealed class LimitRanger(AdmissionLookup lookup) : IMutatingAdmissionPlugin, IValidatingAdmissionPlugin
{
    public const string PluginName = "LimitRanger";
    public const string Annotation = "kubernetes.io/limit-ranger";

    /// <summary>resource.MaxMilliValue: beyond it values compare in whole units.</summary>
    private const long MaxMilliValue = long.MaxValue / 1000;

    public string Name => PluginName;

    public bool Handles(AdmissionOperation operation) => operation is AdmissionOperation.Create or AdmissionOperation.Update;

    public async ValueTask AdmitAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (!Supports(attributes) || attributes.Object is not Pod pod)
        {
            return;
        }
        foreach (var limitRange in await LimitRangesAsync(attributes, cancellationToken))
        {
            if (ApplyDefaults(limitRange, pod))
            {
                attributes.Mutated = true;
            }
        }
    }

    public async ValueTask ValidateAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (!Supports(attributes))
        {
            return;
        }
        foreach (var limitRange in await LimitRangesAsync(attributes, cancellationToken))
        {
            var errors = attributes.Object switch
            {
                Pod pod => ValidatePod(limitRange, pod),
                PersistentVolumeClaim pvc => ValidateClaim(limitRange, pvc),
                _ => [],
            };
            if (errors.Count > 0)
            {
                // utilerrors.NewAggregate: one error alone, several as [a, b].
                throw AdmissionErrors.Forbidden(attributes, errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]");
            }
        }
    }

    /// <summary>Pods on create, claims on create and update; never subresources.</summary>
    private static bool Supports(AdmissionAttributes attributes)
        => attributes.Group.Length == 0 && attributes.Subresource.Length == 0
            && ((attributes.Kind == "Pod" && attributes.Operation == AdmissionOperation.Create) || attributes.Kind == "PersistentVolumeClaim");

    private ValueTask<List<LimitRange>> LimitRangesAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
        => lookup.ListAsync<LimitRange>(attributes, "", "v1", "limitranges", attributes.Namespace, cancellationToken);

    /// <summary>upstream's PodMutateLimitFunc: the Container items' defaults for what each container leaves unset.</summary>
    public static bool ApplyDefaults(LimitRange limitRange, Pod pod)
    {
        ArgumentNullException.ThrowIfNull(limitRange);
        ArgumentNullException.ThrowIfNull(pod);
        var defaultRequests = QuotaMath.Empty();
        var defaultLimits = QuotaMath.Empty();
        foreach (var item in limitRange.Spec.Limits ?? [])
        {
            if (item.Type == "Container")
            {
                foreach (var (name, value) in item.DefaultRequest ?? [])
                {
                    defaultRequests[name] = value;
                }
                foreach (var (name, value) in item.Default ?? [])
                {
                    defaultLimits[name] = value;
                }
            }
        }
        var notes = new List<string>();
        foreach (var container in pod.Spec.Containers ?? [])
        {
            Merge(container, defaultRequests, defaultLimits, "container", notes);
        }
        foreach (var container in pod.Spec.InitContainers ?? [])
        {
            Merge(container, defaultRequests, defaultLimits, "init container", notes);
        }
        if (notes.Count == 0)
        {
            return false;
        }
        (pod.Metadata.Annotations ??= [])[Annotation] = "LimitRanger plugin set: " + string.Join("; ", notes);
        return true;
    }

    private static void Merge(Container container, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits, string kind, List<string> notes)
    {
        var setLimits = new List<string>();
        var setRequests = new List<string>();
        var containerLimits = container.Resources.Limits ??= new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var containerRequests = container.Resources.Requests ??= new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var (name, value) in limits)
        {
            if (containerLimits.TryAdd(name, value))
            {
                setLimits.Add(name);
            }
        }
        foreach (var (name, value) in requests)
        {
            if (containerRequests.TryAdd(name, value))
            {
                setRequests.Add(name);
            }
        }
        if (setRequests.Count > 0)
        {
            setRequests.Sort(StringComparer.Ordinal);
            notes.Add($"{string.Join(", ", setRequests)} request for {kind} {container.Name}");
        }
        if (setLimits.Count > 0)
        {
            setLimits.Sort(StringComparer.Ordinal);
            notes.Add($"{string.Join(", ", setLimits)} limit for {kind} {container.Name}");
        }
    }

    /// <summary>upstream's PodValidateLimitFunc (names in sorted order, where upstream's map order is random).</summary>
    public static List<string> ValidatePod(LimitRange limitRange, Pod pod)
    {
        ArgumentNullException.ThrowIfNull(limitRange);
        ArgumentNullException.ThrowIfNull(pod);
        var errors = new List<string>();
        foreach (var item in limitRange.Spec.Limits ?? [])
        {
            if (item.Type == "Container")
            {
                foreach (var container in (pod.Spec.Containers ?? []).Concat(pod.Spec.InitContainers ?? []))
                {
                    Check(errors, item, container.Resources.Requests, container.Resources.Limits);
                }
            }
            if (item.Type == "Pod")
            {
                Check(errors, item, PodResources.Requests(pod.Spec, includeOverhead: false), PodResources.Limits(pod.Spec, includeOverhead: false));
            }
        }
        return errors;
    }

    /// <summary>upstream's PersistentVolumeClaimValidateLimitFunc: min and max against the claim's requests.</summary>
    public static List<string> ValidateClaim(LimitRange limitRange, PersistentVolumeClaim pvc)
    {
        ArgumentNullException.ThrowIfNull(limitRange);
        ArgumentNullException.ThrowIfNull(pvc);
        var errors = new List<string>();
        var requests = pvc.Spec.Resources.Requests;
        foreach (var item in limitRange.Spec.Limits ?? [])
        {
            if (item.Type != "PersistentVolumeClaim")
            {
                continue;
            }
            foreach (var (name, min) in Sorted(item.Min))
            {
                if (MinError(item.Type, name, min, requests, null) is { } error)
                {
                    errors.Add(error);
                }
            }
            foreach (var (name, max) in Sorted(item.Max))
            {
                if (requests is null || !requests.TryGetValue(name, out var request))
                {
                    errors.Add($"maximum {name} usage per {item.Type} is {max}.  No request is specified");
                }
                else if (Values(request, default, max) is var (req, _, enforced) && req > enforced)
                {
                    errors.Add($"maximum {name} usage per {item.Type} is {max}, but request is {request}");
                }
            }
        }
        return errors;
    }

    private static void Check(List<string> errors, LimitRangeItem item, Dictionary<string, Quantity>? requests, Dictionary<string, Quantity>? limits)
    {
        foreach (var (name, min) in Sorted(item.Min))
        {
            if (MinError(item.Type, name, min, requests, limits) is { } error)
            {
                errors.Add(error);
            }
        }
        foreach (var (name, max) in Sorted(item.Max))
        {
            if (MaxError(item.Type, name, max, requests, limits) is { } error)
            {
                errors.Add(error);
            }
        }
        foreach (var (name, ratio) in Sorted(item.MaxLimitRequestRatio))
        {
            if (RatioError(item.Type, name, ratio, requests, limits) is { } error)
            {
                errors.Add(error);
            }
        }
    }

    private static string? MinError(string type, string name, Quantity enforced, Dictionary<string, Quantity>? requests, Dictionary<string, Quantity>? limits)
    {
        var hasRequest = TryGet(requests, name, out var request);
        var hasLimit = TryGet(limits, name, out var limit);
        var (req, lim, min) = Values(request, limit, enforced);
        if (!hasRequest)
        {
            return $"minimum {name} usage per {type} is {enforced}.  No request is specified";
        }
        if (req < min)
        {
            return $"minimum {name} usage per {type} is {enforced}, but request is {request}";
        }
        return hasLimit && lim < min ? $"minimum {name} usage per {type} is {enforced}, but limit is {limit}" : null;
    }

    private static string? MaxError(string type, string name, Quantity enforced, Dictionary<string, Quantity>? requests, Dictionary<string, Quantity>? limits)
    {
        var hasRequest = TryGet(requests, name, out var request);
        var hasLimit = TryGet(limits, name, out var limit);
        var (req, lim, max) = Values(request, limit, enforced);
        if (!hasLimit)
        {
            return $"maximum {name} usage per {type} is {enforced}.  No limit is specified";
        }
        if (lim > max)
        {
            return $"maximum {name} usage per {type} is {enforced}, but limit is {limit}";
        }
        return hasRequest && req > max ? $"maximum {name} usage per {type} is {enforced}, but request is {request}" : null;
    }

    private static string? RatioError(string type, string name, Quantity enforced, Dictionary<string, Quantity>? requests, Dictionary<string, Quantity>? limits)
    {
        var hasRequest = TryGet(requests, name, out var request);
        var hasLimit = TryGet(limits, name, out var limit);
        var (req, lim, _) = Values(request, limit, enforced);
        if (!hasRequest || req == 0)
        {
            return $"{name} max limit to request ratio per {type} is {enforced}, but no request is specified or request is 0";
        }
        if (!hasLimit || lim == 0)
        {
            return $"{name} max limit to request ratio per {type} is {enforced}, but no limit is specified or limit is 0";
        }
        var observed = (double)lim / req;
        var display = observed;
        double maxRatio = enforced.Value();
        if (enforced.Value() <= MaxMilliValue)
        {
            observed *= 1000;
            maxRatio = enforced.MilliValue();
        }
        return observed > maxRatio
            ? $"{name} max limit to request ratio per {type} is {enforced}, but provided ratio is {display.ToString("F6", CultureInfo.InvariantCulture)}"
            : null;
    }

    /// <summary>upstream's requestLimitEnforcedValues: milli-units when all three fit, whole units otherwise.</summary>
    private static (long Request, long Limit, long Enforced) Values(Quantity request, Quantity limit, Quantity enforced)
    {
        if (request.Value() <= MaxMilliValue && limit.Value() <= MaxMilliValue && enforced.Value() <= MaxMilliValue)
        {
            return (request.MilliValue(), limit.MilliValue(), enforced.MilliValue());
        }
        return (request.Value(), limit.Value(), enforced.Value());
    }

    private static bool TryGet(Dictionary<string, Quantity>? list, string name, out Quantity value)
    {
        value = default;
        return list is not null && list.TryGetValue(name, out value);
    }

    private static IEnumerable<KeyValuePair<string, Quantity>> Sorted(Dictionary<string, Quantity>? list)
        => (list ?? []).OrderBy(e => e.Key, StringComparer.Ordinal);
}
