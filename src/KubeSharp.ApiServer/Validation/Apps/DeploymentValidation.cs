using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Apps;

/// <summary>upstream's Deployment rules, plus the apps/v1 strategy's selector immutability.</summary>
public static class DeploymentValidation
{
    /// <summary>upstream <c>ValidateDeployment</c>.</summary>
    public static FieldErrorList Validate(Deployment deployment, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var errors = ObjectMetaValidation.Validate(deployment.Metadata, true, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata"));
        Spec(errors, deployment.Spec, FieldPath.Root("spec"), options);
        return errors;
    }

    /// <summary>upstream <c>ValidateDeploymentUpdate</c> followed by the strategy's selector check.</summary>
    public static FieldErrorList ValidateUpdate(Deployment deployment, Deployment old, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(deployment.Metadata, old.Metadata, FieldPath.Root("metadata"));
        Spec(errors, deployment.Spec, FieldPath.Root("spec"), options);
        WorkloadValidation.ImmutableSelector(errors, deployment.Spec.Selector, old.Spec.Selector);
        return errors;
    }

    /// <summary>upstream <c>ValidateDeploymentStatusUpdate</c>.</summary>
    public static FieldErrorList ValidateStatusUpdate(Deployment deployment, Deployment old)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(deployment.Metadata, old.Metadata, FieldPath.Root("metadata"));
        var s = deployment.Status;
        var path = FieldPath.Root("status");
        CommonValidation.NonNegative(errors, s.ObservedGeneration, path.Child("observedGeneration"));
        CommonValidation.NonNegative(errors, s.Replicas, path.Child("replicas"));
        CommonValidation.NonNegative(errors, s.UpdatedReplicas, path.Child("updatedReplicas"));
        CommonValidation.NonNegative(errors, s.ReadyReplicas, path.Child("readyReplicas"));
        CommonValidation.NonNegative(errors, s.AvailableReplicas, path.Child("availableReplicas"));
        CommonValidation.NonNegative(errors, s.UnavailableReplicas, path.Child("unavailableReplicas"));
        if (s.CollisionCount is { } cc)
        {
            CommonValidation.NonNegative(errors, cc, path.Child("collisionCount"));
        }

        const string msg = "cannot be greater than status.replicas";
        if (s.UpdatedReplicas > s.Replicas)
        {
            errors.Add(FieldError.Invalid(path.Child("updatedReplicas"), s.UpdatedReplicas, msg));
        }

        if (s.ReadyReplicas > s.Replicas)
        {
            errors.Add(FieldError.Invalid(path.Child("readyReplicas"), s.ReadyReplicas, msg));
        }

        if (s.AvailableReplicas > s.Replicas)
        {
            errors.Add(FieldError.Invalid(path.Child("availableReplicas"), s.AvailableReplicas, msg));
        }

        if (s.AvailableReplicas > s.ReadyReplicas)
        {
            errors.Add(FieldError.Invalid(path.Child("availableReplicas"), s.AvailableReplicas, "cannot be greater than readyReplicas"));
        }

        WorkloadValidation.CollisionCountNotDecremented(errors, s.CollisionCount, old.Status.CollisionCount);
        return errors;
    }

    private static void Spec(FieldErrorList errors, DeploymentSpec spec, FieldPath path, ValidationOptions options)
    {
        CommonValidation.NonNegative(errors, spec.Replicas ?? 0, path.Child("replicas"));
        var selector = WorkloadValidation.RequiredSelector(errors, spec.Selector, path.Child("selector"), "deployment");
        if (selector is null)
        {
            errors.Add(FieldError.Invalid(path.Child("selector"), GoSyntax.LabelSelectorValue(spec.Selector), "invalid label selector"));
        }
        else
        {
            WorkloadValidation.PodTemplateForReplicaSet(errors, spec.Template, selector, path.Child("template"), options, "ReplicaSet");
        }

        Strategy(errors, spec.Strategy, path.Child("strategy"));
        CommonValidation.NonNegative(errors, spec.MinReadySeconds, path.Child("minReadySeconds"));
        if (spec.RevisionHistoryLimit is { } rhl)
        {
            CommonValidation.NonNegative(errors, rhl, path.Child("revisionHistoryLimit"));
        }

        if (spec.ProgressDeadlineSeconds is { } pds)
        {
            CommonValidation.NonNegative(errors, pds, path.Child("progressDeadlineSeconds"));
            if (pds <= spec.MinReadySeconds)
            {
                errors.Add(FieldError.Invalid(path.Child("progressDeadlineSeconds"), pds, "must be greater than minReadySeconds"));
            }
        }
    }

    private static void Strategy(FieldErrorList errors, DeploymentStrategy strategy, FieldPath path)
    {
        switch (strategy.Type)
        {
            case "Recreate":
                if (strategy.RollingUpdate is not null)
                {
                    errors.Add(FieldError.Forbidden(path.Child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"));
                }

                break;
            case "RollingUpdate":
                if (strategy.RollingUpdate is not { } rolling)
                {
                    errors.Add(FieldError.Required(path.Child("rollingUpdate"), "this should be defaulted and never be nil"));
                }
                else
                {
                    var p = path.Child("rollingUpdate");
                    var maxUnavailable = rolling.MaxUnavailable ?? IntOrString.FromInt32(0);
                    var maxSurge = rolling.MaxSurge ?? IntOrString.FromInt32(0);
                    WorkloadValidation.PositiveIntOrPercent(errors, maxUnavailable, p.Child("maxUnavailable"));
                    WorkloadValidation.PositiveIntOrPercent(errors, maxSurge, p.Child("maxSurge"));
                    if (WorkloadValidation.IntOrPercentValue(maxUnavailable) == 0 && WorkloadValidation.IntOrPercentValue(maxSurge) == 0)
                    {
                        errors.Add(FieldError.Invalid(p.Child("maxUnavailable"), GoSyntax.IntOrStringValue(maxUnavailable), "may not be 0 when `maxSurge` is 0"));
                    }

                    WorkloadValidation.NotMoreThan100Percent(errors, maxUnavailable, p.Child("maxUnavailable"));
                }

                break;
            default:
                errors.Add(FieldError.NotSupported(path, new GoValue(StrategySyntax(strategy)), ["Recreate", "RollingUpdate"]));
                break;
        }
    }

    private static string StrategySyntax(DeploymentStrategy s) =>
        "apps.DeploymentStrategy{Type:" + GoSyntax.Quote(s.Type) + ", RollingUpdate:" + GoSyntax.Pointer("apps.RollingUpdateDeployment", s.RollingUpdate is null) + "}";
}
