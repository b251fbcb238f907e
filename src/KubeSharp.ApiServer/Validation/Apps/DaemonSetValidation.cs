using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Validation.Core;

namespace KubeSharp.ApiServer.Validation.Apps;

/// <summary>upstream's DaemonSet rules, plus the apps/v1 strategy's selector immutability.</summary>
public static class DaemonSetValidation
{
    /// <summary>upstream <c>ValidateDaemonSet</c>.</summary>
    public static FieldErrorList Validate(DaemonSet daemonSet, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(daemonSet);
        var errors = ObjectMetaValidation.Validate(daemonSet.Metadata, true, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata"));
        Spec(errors, daemonSet.Spec, FieldPath.Root("spec"), options);
        return errors;
    }

    /// <summary>upstream <c>ValidateDaemonSetUpdate</c> followed by the strategy's selector check.</summary>
    public static FieldErrorList ValidateUpdate(DaemonSet daemonSet, DaemonSet old, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(daemonSet);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(daemonSet.Metadata, old.Metadata, FieldPath.Root("metadata"));
        Spec(errors, daemonSet.Spec, FieldPath.Root("spec"), options);
        WorkloadValidation.ImmutableSelector(errors, daemonSet.Spec.Selector, old.Spec.Selector);
        return errors;
    }

    /// <summary>upstream <c>ValidateDaemonSetStatusUpdate</c>.</summary>
    public static FieldErrorList ValidateStatusUpdate(DaemonSet daemonSet, DaemonSet old)
    {
        ArgumentNullException.ThrowIfNull(daemonSet);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(daemonSet.Metadata, old.Metadata, FieldPath.Root("metadata"));
        var s = daemonSet.Status;
        var path = FieldPath.Root("status");
        CommonValidation.NonNegative(errors, s.CurrentNumberScheduled, path.Child("currentNumberScheduled"));
        CommonValidation.NonNegative(errors, s.NumberMisscheduled, path.Child("numberMisscheduled"));
        CommonValidation.NonNegative(errors, s.DesiredNumberScheduled, path.Child("desiredNumberScheduled"));
        CommonValidation.NonNegative(errors, s.NumberReady, path.Child("numberReady"));
        CommonValidation.NonNegative(errors, s.ObservedGeneration, path.Child("observedGeneration"));
        CommonValidation.NonNegative(errors, s.UpdatedNumberScheduled, path.Child("updatedNumberScheduled"));
        CommonValidation.NonNegative(errors, s.NumberAvailable, path.Child("numberAvailable"));
        CommonValidation.NonNegative(errors, s.NumberUnavailable, path.Child("numberUnavailable"));
        if (s.CollisionCount is { } cc)
        {
            CommonValidation.NonNegative(errors, cc, path.Child("collisionCount"));
        }

        WorkloadValidation.CollisionCountNotDecremented(errors, s.CollisionCount, old.Status.CollisionCount);
        return errors;
    }

    private static void Spec(FieldErrorList errors, DaemonSetSpec spec, FieldPath path, ValidationOptions options)
    {
        CommonValidation.LabelSelector(errors, spec.Selector, path.Child("selector"));
        var selector = CommonValidation.AsSelector(spec.Selector);
        if (selector is not null && !selector.Matches(spec.Template.Metadata.Labels))
        {
            errors.Add(FieldError.Invalid(path.Child("template", "metadata", "labels"), GoSyntax.StringMapValue(spec.Template.Metadata.Labels),
                "`selector` does not match template `labels`"));
        }

        if (spec.Selector is { } s && (s.MatchLabels?.Count ?? 0) + (s.MatchExpressions?.Count ?? 0) == 0)
        {
            errors.Add(FieldError.Invalid(path.Child("selector"), GoSyntax.LabelSelectorValue(s), "empty selector is invalid for daemonset"));
        }

        errors.AddRange(PodValidation.ValidateTemplateSpec(spec.Template, path.Child("template"), options));
        if (spec.Template.Spec.RestartPolicy != "Always")
        {
            errors.Add(FieldError.NotSupported(path.Child("template", "spec", "restartPolicy"), spec.Template.Spec.RestartPolicy, ["Always"]));
        }

        if (spec.Template.Spec.ActiveDeadlineSeconds is not null)
        {
            errors.Add(FieldError.Forbidden(path.Child("template", "spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in DaemonSet is not Supported"));
        }

        CommonValidation.NonNegative(errors, spec.MinReadySeconds, path.Child("minReadySeconds"));
        UpdateStrategy(errors, spec.UpdateStrategy, path.Child("updateStrategy"));
        if (spec.RevisionHistoryLimit is { } rhl)
        {
            CommonValidation.NonNegative(errors, rhl, path.Child("revisionHistoryLimit"));
        }
    }

    private static void UpdateStrategy(FieldErrorList errors, DaemonSetUpdateStrategy strategy, FieldPath path)
    {
        switch (strategy.Type)
        {
            case "OnDelete":
                break;
            case "RollingUpdate":
                if (strategy.RollingUpdate is not { } rolling)
                {
                    errors.Add(FieldError.Required(path.Child("rollingUpdate"), string.Empty));
                    return;
                }

                var p = path.Child("rollingUpdate");
                var maxUnavailable = rolling.MaxUnavailable ?? IntOrString.FromInt32(0);
                var maxSurge = rolling.MaxSurge ?? IntOrString.FromInt32(0);
                WorkloadValidation.PositiveIntOrPercent(errors, maxUnavailable, p.Child("maxUnavailable"));
                WorkloadValidation.PositiveIntOrPercent(errors, maxSurge, p.Child("maxSurge"));
                WorkloadValidation.NotMoreThan100Percent(errors, maxUnavailable, p.Child("maxUnavailable"));
                WorkloadValidation.NotMoreThan100Percent(errors, maxSurge, p.Child("maxSurge"));
                var hasUnavailable = WorkloadValidation.IntOrPercentValue(maxUnavailable) != 0;
                var hasSurge = WorkloadValidation.IntOrPercentValue(maxSurge) != 0;
                if (hasUnavailable && hasSurge)
                {
                    errors.Add(FieldError.Invalid(p.Child("maxSurge"), GoSyntax.IntOrStringValue(maxSurge), "may not be set when maxUnavailable is non-zero"));
                }
                else if (!hasUnavailable && !hasSurge)
                {
                    errors.Add(FieldError.Required(p.Child("maxUnavailable"), "cannot be 0 when maxSurge is 0"));
                }

                break;
            default:
                errors.Add(FieldError.NotSupported(path, new GoValue("apps.DaemonSetUpdateStrategy{Type:" + GoSyntax.Quote(strategy.Type)
                    + ", RollingUpdate:" + GoSyntax.Pointer("apps.RollingUpdateDaemonSet", strategy.RollingUpdate is null) + "}"), ["RollingUpdate", "OnDelete"]));
                break;
        }
    }
}
