using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

/// <summary>upstream's Namespace rules (<c>ValidateNamespace</c>, update, status update).</summary>
public static class NamespaceValidation
{
    /// <summary>upstream <c>ValidateNamespace</c>: a cluster-scoped DNS label; spec.finalizers qualified names.</summary>
    public static FieldErrorList Validate(Namespace ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var errors = ObjectMetaValidation.Validate(ns.Metadata, false, NameValidation.ValidateNamespaceName, FieldPath.Root("metadata"));
        var path = FieldPath.Root("spec", "finalizers");
        foreach (var finalizer in ns.Spec.Finalizers ?? [])
        {
            CommonValidation.QualifiedName(errors, finalizer, path);
            ObjectMetaValidation.KubeFinalizerName(errors, finalizer, path);
        }

        return errors;
    }

    /// <summary>upstream <c>ValidateNamespaceUpdate</c>: metadata rules only.</summary>
    public static FieldErrorList ValidateUpdate(Namespace ns, Namespace old)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(old);
        return ObjectMetaValidation.ValidateUpdate(ns.Metadata, old.Metadata, FieldPath.Root("metadata"));
    }

    /// <summary>upstream <c>ValidateNamespaceStatusUpdate</c>.</summary>
    public static FieldErrorList ValidateStatusUpdate(Namespace ns, Namespace old)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(ns.Metadata, old.Metadata, FieldPath.Root("metadata"));
        var phasePath = FieldPath.Root("status", "Phase");
        if (ns.Metadata.DeletionTimestamp is null)
        {
            if (ns.Status.Phase != "Active")
            {
                errors.Add(FieldError.Invalid(phasePath, ns.Status.Phase, "may only be 'Active' if `deletionTimestamp` is empty"));
            }
        }
        else if (ns.Status.Phase != "Terminating")
        {
            errors.Add(FieldError.Invalid(phasePath, ns.Status.Phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
        }

        return errors;
    }
}
