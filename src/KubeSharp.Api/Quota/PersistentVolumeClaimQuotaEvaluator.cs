using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Registry;

namespace KubeSharp.Api.Quota;

/// <summary>upstream's persistent volume claim evaluator: persistentvolumeclaims and count/persistentvolumeclaims are
/// 1, requests.storage is the larger of the requested and allocated storage, and both are also charged per storage
/// class as &lt;class&gt;.storageclass.storage.k8s.io/persistentvolumeclaims and .../requests.storage. Charged on
/// create and update.</summary>
public sealed class PersistentVolumeClaimQuotaEvaluator : IQuotaEvaluator
{
    public const string Claims = "persistentvolumeclaims";
    public const string RequestsStorage = "requests.storage";
    public const string StorageClassSuffix = ".storageclass.storage.k8s.io/";
    public const string BetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";
    private static readonly string CountName = QuotaEvaluators.ObjectCountName(new GroupResource("", "persistentvolumeclaims"));

    public GroupResource GroupResource { get; } = new("", "persistentvolumeclaims");

    public bool HandlesCreate => true;

    public bool HandlesUpdate => true;

    public IReadOnlyList<string> MatchingResources(IEnumerable<string> input)
        => [.. input.Where(n => n == CountName || n == Claims || n == RequestsStorage
            || (n.Contains(StorageClassSuffix, StringComparison.Ordinal) && (n.EndsWith("/" + Claims, StringComparison.Ordinal) || n.EndsWith("/" + RequestsStorage, StringComparison.Ordinal))))];

    public bool MatchesScope(ScopedResourceSelectorRequirement scope, IKubeMetaObject obj) => false;

    public string? Constraints(IReadOnlyCollection<string> required, IKubeMetaObject obj) => null;

    public Dictionary<string, Quantity> Usage(IKubeMetaObject obj, DateTimeOffset now)
    {
        var pvc = (PersistentVolumeClaim)obj;
        var storageClass = pvc.Metadata.Annotations is { } annotations && annotations.TryGetValue(BetaStorageClassAnnotation, out var annotated)
            ? annotated
            : pvc.Spec.StorageClassName ?? "";
        var one = Quantity.FromInt64(1, QuantityFormat.DecimalSI);
        var result = QuotaMath.Empty();
        result[Claims] = one;
        result[CountName] = one;
        if (storageClass.Length > 0)
        {
            result[storageClass + StorageClassSuffix + Claims] = one;
        }
        Quantity? storage = null;
        if (pvc.Spec.Resources.Requests is { } requests && requests.TryGetValue("storage", out var requested))
        {
            storage = requested;
        }
        if (pvc.Status.AllocatedResources is { } allocatedResources && allocatedResources.TryGetValue("storage", out var allocated)
            && (storage is null || allocated.Cmp(storage.Value) > 0))
        {
            storage = allocated;
        }
        if (storage is { } value)
        {
            result[RequestsStorage] = value;
            if (storageClass.Length > 0)
            {
                result[storageClass + StorageClassSuffix + RequestsStorage] = value;
            }
        }
        return result;
    }
}
