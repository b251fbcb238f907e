using KubeSharp.Api;
using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Registry;

/// <summary>Upstream's namespace strategy (pkg/registry/core/namespace/strategy.go) where it differs from the generic
/// one: a new namespace is phase Active and always carries the <c>kubernetes</c> finalizer; an update keeps the
/// finalizers and the status (the finalize and status subresources own them).</summary>
/// <remarks>Deleting a namespace still removes it at once: upstream's Terminating phase, which waits for the
/// namespace controller to empty the namespace and remove the finalizer, comes with that controller.</remarks>
public sealed class NamespaceStrategy : GenericStrategy
{
    public const string KubernetesFinalizer = "kubernetes";

    /// <summary>The shared instance.</summary>
    public static new NamespaceStrategy Instance { get; } = new();

    public override void PrepareForCreate(ResourceDefinition resource, IKubeMetaObject obj)
    {
        base.PrepareForCreate(resource, obj);
        if (obj is not Namespace ns)
        {
            return;
        }
        ns.Status = new NamespaceStatus { Phase = "Active" };
        var finalizers = ns.Spec.Finalizers ??= [];
        if (!finalizers.Contains(KubernetesFinalizer))
        {
            finalizers.Add(KubernetesFinalizer);
        }
    }

    public override void PrepareForUpdate(ResourceDefinition resource, IKubeMetaObject obj, IKubeMetaObject old)
    {
        base.PrepareForUpdate(resource, obj, old);
        if (obj is Namespace ns && old is Namespace oldNs)
        {
            ns.Spec.Finalizers = oldNs.Spec.Finalizers is { } kept ? [.. kept] : null;
        }
    }
}
