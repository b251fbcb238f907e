using KubeSharp.Api.Policy.V1;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Validation.Apps;

namespace KubeSharp.ApiServer.Validation.Policy;

/// <summary>
/// upstream's PodDisruptionBudget rules. As upstream's strategy, only the spec is checked here; the registry's
/// generic ObjectMeta rules (path-segment names) apply afterwards (see <see cref="ObjectValidator"/>).
/// </summary>
public static class PodDisruptionBudgetValidation
{
    /// <summary>upstream <c>ValidatePodDisruptionBudget</c>.</summary>
    public static FieldErrorList Validate(PodDisruptionBudget pdb)
    {
        ArgumentNullException.ThrowIfNull(pdb);
        var errors = new FieldErrorList();
        var spec = pdb.Spec;
        var path = FieldPath.Root("spec");
        if (spec.MinAvailable is not null && spec.MaxUnavailable is not null)
        {
            errors.Add(FieldError.Invalid(path, new GoValue(SpecSyntax(spec)), "minAvailable and maxUnavailable cannot be both set"));
        }

        if (spec.MinAvailable is { } minAvailable)
        {
            WorkloadValidation.PositiveIntOrPercent(errors, minAvailable, path.Child("minAvailable"));
            WorkloadValidation.NotMoreThan100Percent(errors, minAvailable, path.Child("minAvailable"));
        }

        if (spec.MaxUnavailable is { } maxUnavailable)
        {
            WorkloadValidation.PositiveIntOrPercent(errors, maxUnavailable, path.Child("maxUnavailable"));
            WorkloadValidation.NotMoreThan100Percent(errors, maxUnavailable, path.Child("maxUnavailable"));
        }

        CommonValidation.LabelSelector(errors, spec.Selector, path.Child("selector"));
        if (spec.UnhealthyPodEvictionPolicy is { } policy && policy is not ("AlwaysAllow" or "IfHealthyBudget"))
        {
            errors.Add(FieldError.NotSupported(path.Child("unhealthyPodEvictionPolicy"), policy, ["AlwaysAllow", "IfHealthyBudget"]));
        }

        return errors;
    }

    /// <summary>upstream's status update: conditions and non-negative counters.</summary>
    public static FieldErrorList ValidateStatusUpdate(PodDisruptionBudget pdb, PodDisruptionBudget old)
    {
        ArgumentNullException.ThrowIfNull(pdb);
        ArgumentNullException.ThrowIfNull(old);
        var errors = new FieldErrorList();
        var s = pdb.Status;
        var path = FieldPath.Root("status");
        var types = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (s.Conditions?.Count ?? 0); i++)
        {
            var c = s.Conditions![i];
            var p = path.Child("conditions").Index(i);
            if (!types.Add(c.Type))
            {
                errors.Add(FieldError.Duplicate(p.Child("type"), c.Type));
            }

            CommonValidation.LabelName(errors, c.Type, p.Child("type"));
            if (c.Status is not ("True" or "False" or "Unknown"))
            {
                errors.Add(FieldError.NotSupported(p.Child("status"), c.Status, ["False", "True", "Unknown"]));
            }
        }

        CommonValidation.NonNegative(errors, s.DisruptionsAllowed, path.Child("disruptionsAllowed"));
        CommonValidation.NonNegative(errors, s.CurrentHealthy, path.Child("currentHealthy"));
        CommonValidation.NonNegative(errors, s.DesiredHealthy, path.Child("desiredHealthy"));
        CommonValidation.NonNegative(errors, s.ExpectedPods, path.Child("expectedPods"));
        return errors;
    }

    private static string SpecSyntax(PodDisruptionBudgetSpec spec) =>
        "policy.PodDisruptionBudgetSpec{MinAvailable:" + GoSyntax.Pointer("intstr.IntOrString", spec.MinAvailable is null)
        + ", Selector:" + GoSyntax.Pointer("v1.LabelSelector", spec.Selector is null)
        + ", MaxUnavailable:" + GoSyntax.Pointer("intstr.IntOrString", spec.MaxUnavailable is null)
        + ", UnhealthyPodEvictionPolicy:" + GoSyntax.Pointer("policy.UnhealthyPodEvictionPolicyType", spec.UnhealthyPodEvictionPolicy is null) + "}";
}
