using KubeSharp.Api;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// Compute resources as integers (upstream's <c>framework.Resource</c>): CPU in millicores, memory and ephemeral
/// storage in bytes, the pod count, and scalar resources (extended resources such as nvidia.com/gpu, hugepages-*,
/// kubernetes.io/-prefixed ones) by value.
/// </summary>
public sealed class Resource
{
    /// <summary>CPU in millicores.</summary>
    public long MilliCpu { get; set; }

    /// <summary>Memory in bytes.</summary>
    public long Memory { get; set; }

    /// <summary>Ephemeral storage in bytes.</summary>
    public long EphemeralStorage { get; set; }

    /// <summary>The number of pods (meaningful for allocatable only).</summary>
    public int AllowedPodNumber { get; set; }

    /// <summary>Scalar resources by name; null when there are none.</summary>
    public Dictionary<string, long>? ScalarResources { get; set; }

    /// <summary>True when nothing is set.</summary>
    public bool IsZero => MilliCpu == 0 && Memory == 0 && EphemeralStorage == 0 && AllowedPodNumber == 0 && (ScalarResources is null || ScalarResources.Count == 0);

    /// <summary>A resource from a resource list (upstream's <c>NewResource</c>).</summary>
    public static Resource FromList(Dictionary<string, Quantity>? list)
    {
        var r = new Resource();
        r.Add(list);
        return r;
    }

    /// <summary>Adds a resource list (upstream's <c>Resource.Add</c>).</summary>
    public void Add(Dictionary<string, Quantity>? list)
    {
        if (list is null)
        {
            return;
        }

        foreach (var (name, quantity) in list)
        {
            AddQuantity(name, quantity, 1);
        }
    }

    internal void AddQuantity(string name, Quantity quantity, int sign)
    {
        switch (name)
        {
            case ResourceNames.Cpu:
                MilliCpu += sign * quantity.MilliValue();
                break;
            case ResourceNames.Memory:
                Memory += sign * quantity.Value();
                break;
            case ResourceNames.EphemeralStorage:
                EphemeralStorage += sign * quantity.Value();
                break;
            case ResourceNames.Pods:
                AllowedPodNumber += sign * (int)quantity.Value();
                break;
            default:
                if (ResourceNames.IsScalarResourceName(name))
                {
                    AddScalar(name, sign * quantity.Value());
                }

                break;
        }
    }

    /// <summary>Adds to one scalar resource.</summary>
    public void AddScalar(string name, long value)
    {
        ScalarResources ??= new(StringComparer.Ordinal);
        ScalarResources[name] = ScalarResources.GetValueOrDefault(name) + value;
    }

    /// <summary>Sets one scalar resource.</summary>
    public void SetScalar(string name, long value)
    {
        ScalarResources ??= new(StringComparer.Ordinal);
        ScalarResources[name] = value;
    }

    /// <summary>A scalar resource's value, 0 when absent.</summary>
    public long GetScalar(string name) => ScalarResources is null ? 0 : ScalarResources.GetValueOrDefault(name);

    /// <summary>Adds another resource to this one.</summary>
    public void Add(Resource other, int sign = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        MilliCpu += sign * other.MilliCpu;
        Memory += sign * other.Memory;
        EphemeralStorage += sign * other.EphemeralStorage;
        AllowedPodNumber += sign * other.AllowedPodNumber;
        if (other.ScalarResources is not null)
        {
            foreach (var (name, value) in other.ScalarResources)
            {
                AddScalar(name, sign * value);
            }
        }
    }

    /// <summary>Sets every field to the maximum of this and <paramref name="other"/> (upstream's <c>SetMaxResource</c>).</summary>
    public void SetMax(Resource other)
    {
        ArgumentNullException.ThrowIfNull(other);
        MilliCpu = Math.Max(MilliCpu, other.MilliCpu);
        Memory = Math.Max(Memory, other.Memory);
        EphemeralStorage = Math.Max(EphemeralStorage, other.EphemeralStorage);
        AllowedPodNumber = Math.Max(AllowedPodNumber, other.AllowedPodNumber);
        if (other.ScalarResources is not null)
        {
            foreach (var (name, value) in other.ScalarResources)
            {
                SetScalar(name, Math.Max(value, GetScalar(name)));
            }
        }
    }

    /// <summary>A deep copy.</summary>
    public Resource Clone() => new()
    {
        MilliCpu = MilliCpu,
        Memory = Memory,
        EphemeralStorage = EphemeralStorage,
        AllowedPodNumber = AllowedPodNumber,
        ScalarResources = ScalarResources is null ? null : new(ScalarResources, StringComparer.Ordinal),
    };

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = $"cpu={MilliCpu}m memory={Memory} ephemeral-storage={EphemeralStorage} pods={AllowedPodNumber}";
        if (ScalarResources is not null)
        {
            foreach (var (name, value) in ScalarResources.OrderBy(p => p, Comparer<KeyValuePair<string, long>>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key))))
            {
                text += $" {name}={value}";
            }
        }

        return text;
    }
}

/// <summary>Resource names and upstream's classification helpers (v1helper).</summary>
public static class ResourceNames
{
    /// <summary>cpu.</summary>
    public const string Cpu = "cpu";

    /// <summary>memory.</summary>
    public const string Memory = "memory";

    /// <summary>ephemeral-storage.</summary>
    public const string EphemeralStorage = "ephemeral-storage";

    /// <summary>pods.</summary>
    public const string Pods = "pods";

    /// <summary>The CPU assumed for a container without a CPU request when scoring (upstream's DefaultMilliCPURequest).</summary>
    public const long DefaultMilliCpuRequest = 100;

    /// <summary>The memory assumed for a container without a memory request when scoring (200 MiB).</summary>
    public const long DefaultMemoryRequest = 200L * 1024 * 1024;

    /// <summary>Native resources have no domain or the kubernetes.io domain (upstream's <c>IsNativeResource</c>).</summary>
    public static bool IsNativeResource(string name) =>
        !name.Contains('/', StringComparison.Ordinal) || IsPrefixedNativeResource(name);

    /// <summary>Names containing "kubernetes.io/".</summary>
    public static bool IsPrefixedNativeResource(string name) => name.Contains("kubernetes.io/", StringComparison.Ordinal);

    /// <summary>A non-native, domain-qualified name such as nvidia.com/gpu (upstream's <c>IsExtendedResourceName</c>).</summary>
    public static bool IsExtendedResourceName(string name) =>
        !IsNativeResource(name) && !name.StartsWith("requests.", StringComparison.Ordinal);

    /// <summary>hugepages-*.</summary>
    public static bool IsHugePageResourceName(string name) => name.StartsWith("hugepages-", StringComparison.Ordinal);

    /// <summary>attachable-volumes-*.</summary>
    public static bool IsAttachableVolumeResourceName(string name) => name.StartsWith("attachable-volumes-", StringComparison.Ordinal);

    /// <summary>Resources the scheduler tracks as scalars (upstream's <c>IsScalarResourceName</c>).</summary>
    public static bool IsScalarResourceName(string name) =>
        IsExtendedResourceName(name) || IsHugePageResourceName(name) || IsPrefixedNativeResource(name) || IsAttachableVolumeResourceName(name);
}
