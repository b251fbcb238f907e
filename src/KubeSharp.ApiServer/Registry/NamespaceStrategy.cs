using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Validation;

namespace KubeSharp.ApiServer.Registry;

/// <summary>Upstream's namespace strategy (pkg/registry/core/namespace/strategy.go) where it differs from the generic
/// one: a new namespace is phase Active and always carries the <c>kubernetes</c> finalizer; an update keeps the
/// finalizers and the status (the finalize and status subresources own them).</summary>
/// <remarks>Deletion is upstream's namespace REST (RestHandler.Namespaces): the first DELETE marks the namespace
/// (deletionTimestamp, phase Terminating) and it stays until its spec.finalizers (the namespace controller's
/// <c>kubernetes</c>, removed through /finalize) and metadata.finalizers are all gone.</remarks>
public sealed class NamespaceStrategy : GenericStrategy
{
    public const string KubernetesFinalizer = "kubernetes";
    public const string PhaseActive = "Active";
    public const string PhaseTerminating = "Terminating";

    /// <summary>The shared instance.</summary>
    public static new NamespaceStrategy Instance { get; } = new();

    public override void PrepareForCreate(ResourceDefinition resource, IKubeMetaObject obj)
    {
        base.PrepareForCreate(resource, obj);
        if (obj is not Namespace ns)
        {
            return;
        }
        ns.Status = new NamespaceStatus { Phase = PhaseActive };
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

    /// <summary>upstream's namespaceFinalizeStrategy.PrepareForUpdate: the status stays; metadata and spec (its
    /// finalizers) come from the request.</summary>
    public static void PrepareForFinalize(Namespace ns, Namespace old)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(old);
        ns.Status = old.Status.DeepCopy();
    }

    /// <summary>upstream's ValidateNamespaceFinalizeUpdate: metadata update rules and each spec finalizer's name.</summary>
    public static FieldErrorList ValidateFinalize(Namespace ns, Namespace old)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(ns.Metadata, old.Metadata, FieldPath.Root("metadata"));
        var path = FieldPath.Root("spec", "finalizers");
        for (var i = 0; i < (ns.Spec.Finalizers?.Count ?? 0); i++)
        {
            var finalizer = ns.Spec.Finalizers![i];
            CommonValidation.QualifiedName(errors, finalizer, path.Index(i));
            ObjectMetaValidation.KubeFinalizerName(errors, finalizer, path.Index(i));
        }
        return errors;
    }

    /// <summary>upstream's ShouldDeleteNamespaceDuringUpdate on top of the generic rule (checked by the caller): a
    /// namespace goes only once its spec.finalizers are empty too. True for every other kind.</summary>
    public static bool ShouldDeleteDuringUpdate(IKubeMetaObject obj) => obj is not Namespace ns || ns.Spec.Finalizers is not { Count: > 0 };
}
