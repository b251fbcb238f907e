using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Validation.Core;

namespace KubeSharp.ApiServer.Validation.Apps;

/// <summary>
/// Helpers shared by the apps/v1 validators: upstream's <c>ValidatePositiveIntOrPercent</c>,
/// <c>IsNotMoreThan100Percent</c>, <c>getIntOrPercentValue</c>, workload selector checks and
/// <c>ValidatePodTemplateSpecForReplicaSet</c>.
/// </summary>
public static class WorkloadValidation
{
    /// <summary>upstream <c>ValidatePositiveIntOrPercent</c>.</summary>
    public static void PositiveIntOrPercent(FieldErrorList errors, IntOrString value, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value.IsInt)
        {
            CommonValidation.NonNegative(errors, value.IntValue, path);
        }
        else
        {
            foreach (var msg in ValueValidation.IsValidPercent(value.StringValue))
            {
                errors.Add(FieldError.Invalid(path, GoSyntax.IntOrStringValue(value), msg));
            }
        }
    }

    /// <summary>upstream <c>IsNotMoreThan100Percent</c>.</summary>
    public static void NotMoreThan100Percent(FieldErrorList errors, IntOrString value, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (TryGetPercent(value, out var percent) && percent > 100)
        {
            errors.Add(FieldError.Invalid(path, GoSyntax.IntOrStringValue(value), "must not be greater than 100%"));
        }
    }

    /// <summary>upstream <c>getIntOrPercentValue</c>.</summary>
    public static int IntOrPercentValue(IntOrString value)
    {
        if (TryGetPercent(value, out var percent))
        {
            return percent;
        }

        if (value.IsInt)
        {
            return value.IntValue;
        }

        // Go's IntValue() of a string is strconv.Atoi, 0 on error.
        return int.TryParse(value.StringValue, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
    }

    private static bool TryGetPercent(IntOrString value, out int percent)
    {
        percent = 0;
        if (value.IsInt || ValueValidation.IsValidPercent(value.StringValue).Count != 0)
        {
            return false;
        }

        _ = int.TryParse(value.StringValue.AsSpan(0, value.StringValue.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out percent);
        return true;
    }

    /// <summary>
    /// The selector checks of Deployment and ReplicaSet: required, valid, non-empty (upstream's message says
    /// "deployment" for both). Returns the converted selector, or null when it does not convert.
    /// </summary>
    internal static Selector? RequiredSelector(FieldErrorList errors, LabelSelector? selector, FieldPath path, string kindForMessage)
    {
        if (selector is null)
        {
            errors.Add(FieldError.Required(path, string.Empty));
        }
        else
        {
            CommonValidation.LabelSelector(errors, selector, path);
            if ((selector.MatchLabels?.Count ?? 0) + (selector.MatchExpressions?.Count ?? 0) == 0)
            {
                errors.Add(FieldError.Invalid(path, GoSyntax.LabelSelectorValue(selector), "empty selector is invalid for " + kindForMessage));
            }
        }

        return CommonValidation.AsSelector(selector);
    }

    /// <summary>upstream <c>ValidatePodTemplateSpecForReplicaSet</c> (also used by Deployment).</summary>
    internal static void PodTemplateForReplicaSet(FieldErrorList errors, PodTemplateSpec template, Selector selector, FieldPath path, ValidationOptions options, string kind)
    {
        if (!selector.IsEmpty && !selector.Matches(template.Metadata.Labels))
        {
            errors.Add(FieldError.Invalid(path.Child("metadata", "labels"), GoSyntax.StringMapValue(template.Metadata.Labels), "`selector` does not match template `labels`"));
        }

        errors.AddRange(PodValidation.ValidateTemplateSpec(template, path, options));
        if (template.Spec.RestartPolicy != "Always")
        {
            errors.Add(FieldError.NotSupported(path.Child("spec", "restartPolicy"), template.Spec.RestartPolicy, ["Always"]));
        }

        if (template.Spec.ActiveDeadlineSeconds is not null)
        {
            errors.Add(FieldError.Forbidden(path.Child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in " + kind + " is not Supported"));
        }
    }

    /// <summary>The apps/v1 strategies' selector immutability check.</summary>
    internal static void ImmutableSelector(FieldErrorList errors, LabelSelector? selector, LabelSelector? old)
    {
        CommonValidation.Immutable(errors, ApiEquality.Equal(selector, old), GoSyntax.LabelSelectorValue(selector), FieldPath.Root("spec", "selector"));
    }

    /// <summary>upstream <c>IsDecremented</c> for collision counts, reported as <c>cannot be decremented</c>.</summary>
    internal static void CollisionCountNotDecremented(FieldErrorList errors, int? current, int? old)
    {
        if (current is null ? old is not null : old is not null && current < old)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("status").Child("collisionCount"), current ?? 0, "cannot be decremented"));
        }
    }
}
