using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Validation.Core;

namespace KubeSharp.ApiServer.Validation.Apps;

/// <summary>upstream's ReplicaSet rules, plus the apps/v1 strategy's selector immutability.</summary>
public static class ReplicaSetValidation
{
    /// <summary>upstream <c>ValidateReplicaSet</c>.</summary>
    public static FieldErrorList Validate(ReplicaSet replicaSet, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(replicaSet);
        var errors = ObjectMetaValidation.Validate(replicaSet.Metadata, true, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata"));
        Spec(errors, replicaSet.Spec, FieldPath.Root("spec"), options);
        return errors;
    }

    /// <summary>upstream <c>ValidateReplicaSetUpdate</c> followed by the strategy's selector check.</summary>
    public static FieldErrorList ValidateUpdate(ReplicaSet replicaSet, ReplicaSet old, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(replicaSet);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(replicaSet.Metadata, old.Metadata, FieldPath.Root("metadata"));
        Spec(errors, replicaSet.Spec, FieldPath.Root("spec"), options);
        WorkloadValidation.ImmutableSelector(errors, replicaSet.Spec.Selector, old.Spec.Selector);
        return errors;
    }

    /// <summary>upstream <c>ValidateReplicaSetStatusUpdate</c>.</summary>
    public static FieldErrorList ValidateStatusUpdate(ReplicaSet replicaSet, ReplicaSet old)
    {
        ArgumentNullException.ThrowIfNull(replicaSet);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(replicaSet.Metadata, old.Metadata, FieldPath.Root("metadata"));
        var s = replicaSet.Status;
        ReplicationControllerValidation.ReplicaStatus(errors, s.Replicas, s.FullyLabeledReplicas, s.ReadyReplicas, s.AvailableReplicas, s.ObservedGeneration, FieldPath.Root("status"));
        return errors;
    }

    private static void Spec(FieldErrorList errors, ReplicaSetSpec spec, FieldPath path, ValidationOptions options)
    {
        CommonValidation.NonNegative(errors, spec.Replicas ?? 0, path.Child("replicas"));
        CommonValidation.NonNegative(errors, spec.MinReadySeconds, path.Child("minReadySeconds"));
        var selector = WorkloadValidation.RequiredSelector(errors, spec.Selector, path.Child("selector"), "deployment");
        if (selector is null)
        {
            errors.Add(FieldError.Invalid(path.Child("selector"), GoSyntax.LabelSelectorValue(spec.Selector), "invalid label selector"));
        }
        else
        {
            WorkloadValidation.PodTemplateForReplicaSet(errors, spec.Template, selector, path.Child("template"), options, "ReplicaSet");
        }
    }
}
