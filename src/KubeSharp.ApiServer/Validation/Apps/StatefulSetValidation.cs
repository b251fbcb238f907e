using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Validation.Core;

namespace KubeSharp.ApiServer.Validation.Apps;

/// <summary>
/// upstream's StatefulSet rules. As upstream, only the template's labels and annotations are validated, not its
/// pod spec (upstream leaves that as a TODO because of volumeClaimTemplates).
/// </summary>
public static class StatefulSetValidation
{
    /// <summary>upstream's Forbidden message for changes to other spec fields.</summary>
    public const string ForbiddenUpdateMessage =
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

    /// <summary>upstream <c>ValidateStatefulSet</c>: names are DNS labels.</summary>
    public static FieldErrorList Validate(StatefulSet statefulSet, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(statefulSet);
        ArgumentNullException.ThrowIfNull(options);
        var errors = ObjectMetaValidation.Validate(statefulSet.Metadata, true, ObjectMetaValidation.DnsLabel, FieldPath.Root("metadata"));
        Spec(errors, statefulSet.Spec, FieldPath.Root("spec"));
        return errors;
    }

    /// <summary>upstream <c>ValidateStatefulSetUpdate</c>.</summary>
    public static FieldErrorList ValidateUpdate(StatefulSet statefulSet, StatefulSet old, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(statefulSet);
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(options);
        var errors = ObjectMetaValidation.ValidateUpdate(statefulSet.Metadata, old.Metadata, FieldPath.Root("metadata"));
        Spec(errors, statefulSet.Spec, FieldPath.Root("spec"));
        var clone = statefulSet.Spec.DeepCopy();
        var oldCopy = old.Spec.DeepCopy();
        clone.Replicas = oldCopy.Replicas;
        clone.Template = oldCopy.Template;
        clone.UpdateStrategy = oldCopy.UpdateStrategy;
        clone.MinReadySeconds = oldCopy.MinReadySeconds;
        clone.Ordinals = oldCopy.Ordinals;
        clone.PersistentVolumeClaimRetentionPolicy = oldCopy.PersistentVolumeClaimRetentionPolicy;
        if (!ApiEquality.Equal(clone, old.Spec))
        {
            errors.Add(FieldError.Forbidden(FieldPath.Root("spec"), ForbiddenUpdateMessage));
        }

        return errors;
    }

    /// <summary>upstream <c>ValidateStatefulSetStatusUpdate</c>.</summary>
    public static FieldErrorList ValidateStatusUpdate(StatefulSet statefulSet, StatefulSet old)
    {
        ArgumentNullException.ThrowIfNull(statefulSet);
        ArgumentNullException.ThrowIfNull(old);
        var errors = new FieldErrorList();
        var s = statefulSet.Status;
        var path = FieldPath.Root("status");
        CommonValidation.NonNegative(errors, s.Replicas, path.Child("replicas"));
        CommonValidation.NonNegative(errors, s.ReadyReplicas, path.Child("readyReplicas"));
        CommonValidation.NonNegative(errors, s.CurrentReplicas, path.Child("currentReplicas"));
        CommonValidation.NonNegative(errors, s.UpdatedReplicas, path.Child("updatedReplicas"));
        CommonValidation.NonNegative(errors, s.AvailableReplicas, path.Child("availableReplicas"));
        CommonValidation.NonNegative(errors, s.ObservedGeneration, path.Child("observedGeneration"));
        if (s.CollisionCount is { } cc)
        {
            CommonValidation.NonNegative(errors, cc, path.Child("collisionCount"));
        }

        const string msg = "cannot be greater than status.replicas";
        if (s.ReadyReplicas > s.Replicas)
        {
            errors.Add(FieldError.Invalid(path.Child("readyReplicas"), s.ReadyReplicas, msg));
        }

        if (s.CurrentReplicas > s.Replicas)
        {
            errors.Add(FieldError.Invalid(path.Child("currentReplicas"), s.CurrentReplicas, msg));
        }

        if (s.UpdatedReplicas > s.Replicas)
        {
            errors.Add(FieldError.Invalid(path.Child("updatedReplicas"), s.UpdatedReplicas, msg));
        }

        if (s.AvailableReplicas > s.Replicas)
        {
            errors.Add(FieldError.Invalid(path.Child("availableReplicas"), s.AvailableReplicas, msg));
        }

        if (s.AvailableReplicas > s.ReadyReplicas)
        {
            errors.Add(FieldError.Invalid(path.Child("availableReplicas"), s.AvailableReplicas, "cannot be greater than status.readyReplicas"));
        }

        errors.AddRange(ObjectMetaValidation.ValidateUpdate(statefulSet.Metadata, old.Metadata, FieldPath.Root("metadata")));
        WorkloadValidation.CollisionCountNotDecremented(errors, s.CollisionCount, old.Status.CollisionCount);
        return errors;
    }

    private static void Spec(FieldErrorList errors, StatefulSetSpec spec, FieldPath path)
    {
        switch (spec.PodManagementPolicy)
        {
            case "":
                errors.Add(FieldError.Required(path.Child("podManagementPolicy"), string.Empty));
                break;
            case "OrderedReady":
            case "Parallel":
                break;
            default:
                errors.Add(FieldError.Invalid(path.Child("podManagementPolicy"), spec.PodManagementPolicy, "must be 'OrderedReady' or 'Parallel'"));
                break;
        }

        var strategy = spec.UpdateStrategy;
        switch (strategy.Type)
        {
            case "":
                errors.Add(FieldError.Required(path.Child("updateStrategy"), string.Empty));
                break;
            case "OnDelete":
                if (strategy.RollingUpdate is not null)
                {
                    errors.Add(FieldError.Invalid(path.Child("updateStrategy").Child("rollingUpdate"), new GoValue("apps.RollingUpdateStatefulSetStrategy{...}"),
                        "only allowed for updateStrategy 'RollingUpdate'"));
                }

                break;
            case "RollingUpdate":
                if (strategy.RollingUpdate is { } rolling)
                {
                    var p = path.Child("updateStrategy", "rollingUpdate");
                    CommonValidation.NonNegative(errors, rolling.Partition ?? 0, p.Child("partition"));
                    if (rolling.MaxUnavailable is { } maxUnavailable)
                    {
                        WorkloadValidation.PositiveIntOrPercent(errors, maxUnavailable, p.Child("maxUnavailable"));
                        if (WorkloadValidation.IntOrPercentValue(maxUnavailable) == 0)
                        {
                            errors.Add(FieldError.Invalid(p.Child("maxUnavailable"), GoSyntax.IntOrStringValue(maxUnavailable), "cannot be 0"));
                        }

                        WorkloadValidation.NotMoreThan100Percent(errors, maxUnavailable, p.Child("maxUnavailable"));
                    }
                }

                break;
            default:
                errors.Add(FieldError.Invalid(path.Child("updateStrategy"), new GoValue("apps.StatefulSetUpdateStrategy{Type:" + GoSyntax.Quote(strategy.Type)
                    + ", RollingUpdate:" + GoSyntax.Pointer("apps.RollingUpdateStatefulSetStrategy", strategy.RollingUpdate is null) + "}"),
                    "must be 'RollingUpdate' or 'OnDelete'"));
                break;
        }

        if (spec.PersistentVolumeClaimRetentionPolicy is { } retention)
        {
            var rp = path.Child("persistentVolumeClaimRetentionPolicy");
            RetentionPolicyType(errors, retention.WhenDeleted, rp.Child("whenDeleted"));
            RetentionPolicyType(errors, retention.WhenScaled, rp.Child("whenScaled"));
        }

        CommonValidation.NonNegative(errors, spec.Replicas ?? 0, path.Child("replicas"));
        CommonValidation.NonNegative(errors, spec.MinReadySeconds, path.Child("minReadySeconds"));
        if (spec.Ordinals is { } ordinals)
        {
            CommonValidation.NonNegative(errors, ordinals.Start, path.Child("ordinals.start"));
        }

        if (spec.Selector is null)
        {
            errors.Add(FieldError.Required(path.Child("selector"), string.Empty));
        }
        else
        {
            CommonValidation.LabelSelector(errors, spec.Selector, path.Child("selector"));
            if ((spec.Selector.MatchLabels?.Count ?? 0) + (spec.Selector.MatchExpressions?.Count ?? 0) == 0)
            {
                errors.Add(FieldError.Invalid(path.Child("selector"), GoSyntax.LabelSelectorValue(spec.Selector), "empty selector is invalid for statefulset"));
            }
        }

        var selector = CommonValidation.AsSelector(spec.Selector);
        var templatePath = path.Child("template");
        if (selector is null)
        {
            errors.Add(FieldError.Invalid(path.Child("selector"), GoSyntax.LabelSelectorValue(spec.Selector), string.Empty));
        }
        else
        {
            var template = spec.Template;
            if (!selector.IsEmpty && !selector.Matches(template.Metadata.Labels))
            {
                errors.Add(FieldError.Invalid(templatePath.Child("metadata", "labels"), GoSyntax.StringMapValue(template.Metadata.Labels),
                    "`selector` does not match template `labels`"));
            }

            CommonValidation.Labels(errors, template.Metadata.Labels, templatePath.Child("labels"));
            CommonValidation.Annotations(errors, template.Metadata.Annotations, templatePath.Child("annotations"));
            PodValidation.SpecificAnnotations(errors, template.Metadata.Annotations, template.Spec, templatePath.Child("annotations"));
        }

        if (spec.Template.Spec.RestartPolicy != "Always")
        {
            errors.Add(FieldError.NotSupported(templatePath.Child("spec", "restartPolicy"), spec.Template.Spec.RestartPolicy, ["Always"]));
        }

        if (spec.Template.Spec.ActiveDeadlineSeconds is not null)
        {
            errors.Add(FieldError.Forbidden(templatePath.Child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in StatefulSet is not Supported"));
        }
    }

    private static void RetentionPolicyType(FieldErrorList errors, string policy, FieldPath path)
    {
        if (policy is not ("Retain" or "Delete"))
        {
            errors.Add(FieldError.NotSupported(path, policy, ["Retain", "Delete"]));
        }
    }
}
