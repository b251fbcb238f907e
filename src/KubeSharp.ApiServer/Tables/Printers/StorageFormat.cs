using KubeSharp.Api;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>Volume helpers of upstream's <c>core/helper</c>: access modes, storage classes, quantities.</summary>
internal static class StorageFormat
{
    /// <summary>The beta annotation that, when present, names the class instead of <c>storageClassName</c>.</summary>
    public const string BetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    /// <summary><c>GetAccessModesAsString</c>: RWO, ROX, RWX, RWOP in that order, each once.</summary>
    public static string AccessModes(List<string>? modes)
    {
        if (modes is null || modes.Count == 0)
        {
            return "";
        }
        var parts = new List<string>(4);
        if (modes.Contains("ReadWriteOnce"))
        {
            parts.Add("RWO");
        }
        if (modes.Contains("ReadOnlyMany"))
        {
            parts.Add("ROX");
        }
        if (modes.Contains("ReadWriteMany"))
        {
            parts.Add("RWX");
        }
        if (modes.Contains("ReadWriteOncePod"))
        {
            parts.Add("RWOP");
        }
        return string.Join(',', parts);
    }

    /// <summary>The class named by the beta annotation, or null when it is absent.</summary>
    public static string? BetaStorageClass(Dictionary<string, string>? annotations)
        => annotations is not null && annotations.TryGetValue(BetaStorageClassAnnotation, out var name) ? name : null;

    /// <summary>A quantity of a resource list as Go prints it; <c>0</c> when absent.</summary>
    public static string Quantity(Dictionary<string, Quantity>? resources, string name)
        => resources is not null && resources.TryGetValue(name, out var quantity) ? quantity.ToString() : "0";
}
