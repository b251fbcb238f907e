using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

/// <summary>upstream's ReplicationController rules.</summary>
public static class ReplicationControllerValidation
{
    /// <summary>upstream <c>ValidateReplicationController</c>.</summary>
    public static FieldErrorList Validate(ReplicationController controller, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var errors = ObjectMetaValidation.Validate(controller.Metadata, true, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata"));
        Spec(errors, controller.Spec, FieldPath.Root("spec"), options);
        return errors;
    }

    /// <summary>upstream <c>ValidateReplicationControllerUpdate</c>.</summary>
    public static FieldErrorList ValidateUpdate(ReplicationController controller, ReplicationController old, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(controller.Metadata, old.Metadata, FieldPath.Root("metadata"));
        Spec(errors, controller.Spec, FieldPath.Root("spec"), options);
        return errors;
    }

    /// <summary>upstream <c>ValidateReplicationControllerStatusUpdate</c>.</summary>
    public static FieldErrorList ValidateStatusUpdate(ReplicationController controller, ReplicationController old)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(controller.Metadata, old.Metadata, FieldPath.Root("metadata"));
        var s = controller.Status;
        ReplicaStatus(errors, s.Replicas, s.FullyLabeledReplicas, s.ReadyReplicas, s.AvailableReplicas, s.ObservedGeneration, FieldPath.Root("status"));
        return errors;
    }

    /// <summary>The replica-count status checks shared by ReplicationController and ReplicaSet.</summary>
    internal static void ReplicaStatus(FieldErrorList errors, int replicas, int fullyLabeled, int ready, int available, long observedGeneration, FieldPath path)
    {
        CommonValidation.NonNegative(errors, replicas, path.Child("replicas"));
        CommonValidation.NonNegative(errors, fullyLabeled, path.Child("fullyLabeledReplicas"));
        CommonValidation.NonNegative(errors, ready, path.Child("readyReplicas"));
        CommonValidation.NonNegative(errors, available, path.Child("availableReplicas"));
        CommonValidation.NonNegative(errors, observedGeneration, path.Child("observedGeneration"));
        const string msg = "cannot be greater than status.replicas";
        if (fullyLabeled > replicas)
        {
            errors.Add(FieldError.Invalid(path.Child("fullyLabeledReplicas"), fullyLabeled, msg));
        }

        if (ready > replicas)
        {
            errors.Add(FieldError.Invalid(path.Child("readyReplicas"), ready, msg));
        }

        if (available > replicas)
        {
            errors.Add(FieldError.Invalid(path.Child("availableReplicas"), available, msg));
        }

        if (available > ready)
        {
            errors.Add(FieldError.Invalid(path.Child("availableReplicas"), available, "cannot be greater than readyReplicas"));
        }
    }

    private static void Spec(FieldErrorList errors, ReplicationControllerSpec spec, FieldPath path, ValidationOptions options)
    {
        CommonValidation.NonNegative(errors, spec.MinReadySeconds, path.Child("minReadySeconds"));
        if (spec.Selector is not { Count: > 0 })
        {
            errors.Add(FieldError.Required(path.Child("selector"), string.Empty));
        }

        CommonValidation.NonNegative(errors, spec.Replicas ?? 1, path.Child("replicas"));
        var templatePath = path.Child("template");
        if (spec.Template is not { } template)
        {
            errors.Add(FieldError.Required(templatePath, string.Empty));
            return;
        }

        if (spec.Selector is { Count: > 0 } && !Selector.FromSet(spec.Selector).Matches(template.Metadata.Labels))
        {
            errors.Add(FieldError.Invalid(templatePath.Child("metadata", "labels"), GoSyntax.StringMapValue(template.Metadata.Labels),
                "`selector` does not match template `labels`"));
        }

        errors.AddRange(PodValidation.ValidateTemplateSpec(template, templatePath, options));
        if (template.Spec.RestartPolicy != "Always")
        {
            errors.Add(FieldError.NotSupported(templatePath.Child("spec", "restartPolicy"), template.Spec.RestartPolicy, ["Always"]));
        }

        if (template.Spec.ActiveDeadlineSeconds is not null)
        {
            errors.Add(FieldError.Forbidden(templatePath.Child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in ReplicationController is not Supported"));
        }
    }
}
