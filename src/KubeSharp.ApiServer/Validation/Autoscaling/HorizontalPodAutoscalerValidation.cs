using KubeSharp.Api.Autoscaling.V2;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Validation.Core;
using V1 = KubeSharp.Api.Autoscaling.V1;

namespace KubeSharp.ApiServer.Validation.Autoscaling;

/// <summary>
/// upstream's HorizontalPodAutoscaler rules (<c>pkg/apis/autoscaling/validation</c>) over autoscaling/v2;
/// autoscaling/v1 objects are converted the way upstream converts them to the internal (v2) shape, so
/// <c>targetCPUUtilizationPercentage</c> errors are reported at <c>spec.metrics[0].resource.target.averageUtilization</c>.
/// </summary>
public static partial class HorizontalPodAutoscalerValidation
{
    private const int MaxPeriodSeconds = 1800;
    private const int MaxStabilizationWindowSeconds = 3600;
    private static readonly string[] MetricSourceTypes = ["ContainerResource", "External", "Object", "Pods", "Resource"];

    /// <summary>upstream <c>ValidateHorizontalPodAutoscaler</c>.</summary>
    public static FieldErrorList Validate(HorizontalPodAutoscaler hpa)
    {
        ArgumentNullException.ThrowIfNull(hpa);
        var errors = ObjectMetaValidation.Validate(hpa.Metadata, true, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata"));
        Spec(errors, hpa.Spec, FieldPath.Root("spec"));
        return errors;
    }

    /// <summary>upstream <c>ValidateHorizontalPodAutoscalerUpdate</c>.</summary>
    public static FieldErrorList ValidateUpdate(HorizontalPodAutoscaler hpa, HorizontalPodAutoscaler old)
    {
        ArgumentNullException.ThrowIfNull(hpa);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(hpa.Metadata, old.Metadata, FieldPath.Root("metadata"));
        Spec(errors, hpa.Spec, FieldPath.Root("spec"));
        return errors;
    }

    /// <summary>upstream <c>ValidateHorizontalPodAutoscalerStatusUpdate</c>.</summary>
    public static FieldErrorList ValidateStatusUpdate(HorizontalPodAutoscaler hpa, HorizontalPodAutoscaler old)
    {
        ArgumentNullException.ThrowIfNull(hpa);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(hpa.Metadata, old.Metadata, FieldPath.Root("metadata"));
        var path = FieldPath.Root("status");
        CommonValidation.NonNegative(errors, hpa.Status.CurrentReplicas, path.Child("currentReplicas"));
        CommonValidation.NonNegative(errors, hpa.Status.DesiredReplicas, path.Child("desiredReplicas"));
        return errors;
    }

    /// <summary>Validates an autoscaling/v1 object through upstream's conversion to the internal shape.</summary>
    public static FieldErrorList Validate(V1.HorizontalPodAutoscaler hpa)
    {
        ArgumentNullException.ThrowIfNull(hpa);
        return Validate(ToV2(hpa));
    }

    /// <summary>Validates an autoscaling/v1 update through upstream's conversion.</summary>
    public static FieldErrorList ValidateUpdate(V1.HorizontalPodAutoscaler hpa, V1.HorizontalPodAutoscaler old)
    {
        ArgumentNullException.ThrowIfNull(hpa);
        ArgumentNullException.ThrowIfNull(old);
        return ValidateUpdate(ToV2(hpa), ToV2(old));
    }

    /// <summary>Validates an autoscaling/v1 status update through upstream's conversion.</summary>
    public static FieldErrorList ValidateStatusUpdate(V1.HorizontalPodAutoscaler hpa, V1.HorizontalPodAutoscaler old)
    {
        ArgumentNullException.ThrowIfNull(hpa);
        ArgumentNullException.ThrowIfNull(old);
        var converted = ToV2(hpa);
        converted.Status.CurrentReplicas = hpa.Status.CurrentReplicas;
        converted.Status.DesiredReplicas = hpa.Status.DesiredReplicas;
        return ValidateStatusUpdate(converted, ToV2(old));
    }

    /// <summary>The autoscaling/v1 to internal conversion of the fields validation reads.</summary>
    internal static HorizontalPodAutoscaler ToV2(V1.HorizontalPodAutoscaler hpa)
    {
        var result = new HorizontalPodAutoscaler
        {
            Metadata = hpa.Metadata,
            Spec = new HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new CrossVersionObjectReference
                {
                    Kind = hpa.Spec.ScaleTargetRef.Kind,
                    Name = hpa.Spec.ScaleTargetRef.Name,
                    ApiVersion = hpa.Spec.ScaleTargetRef.ApiVersion,
                },
                MinReplicas = hpa.Spec.MinReplicas,
                MaxReplicas = hpa.Spec.MaxReplicas,
            },
        };
        if (hpa.Spec.TargetCPUUtilizationPercentage is { } target)
        {
            result.Spec.Metrics =
            [
                new MetricSpec
                {
                    Type = "Resource",
                    Resource = new ResourceMetricSource { Name = "cpu", Target = new MetricTarget { Type = "Utilization", AverageUtilization = target } },
                },
            ];
        }

        return result;
    }

    private static void Spec(FieldErrorList errors, HorizontalPodAutoscalerSpec spec, FieldPath path)
    {
        if (spec.MinReplicas is { } min && min < 1)
        {
            errors.Add(FieldError.Invalid(path.Child("minReplicas"), min, "must be greater than or equal to 1"));
        }

        if (spec.MaxReplicas < 1)
        {
            errors.Add(FieldError.Invalid(path.Child("maxReplicas"), spec.MaxReplicas, "must be greater than 0"));
        }

        if (spec.MinReplicas is { } minReplicas && spec.MaxReplicas < minReplicas)
        {
            errors.Add(FieldError.Invalid(path.Child("maxReplicas"), spec.MaxReplicas, "must be greater than or equal to `minReplicas`"));
        }

        CrossVersionObjectReference(errors, spec.ScaleTargetRef, path.Child("scaleTargetRef"));
        Metrics(errors, spec.Metrics, path.Child("metrics"), spec.MinReplicas);
        if (spec.Behavior is { } behavior)
        {
            ScalingRules(errors, behavior.ScaleUp, path.Child("behavior").Child("scaleUp"));
            ScalingRules(errors, behavior.ScaleDown, path.Child("behavior").Child("scaleDown"));
        }
    }

    private static void CrossVersionObjectReference(FieldErrorList errors, CrossVersionObjectReference reference, FieldPath path)
    {
        if (reference.Kind.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("kind"), string.Empty));
        }
        else
        {
            foreach (var msg in NameValidation.IsValidPathSegmentName(reference.Kind))
            {
                errors.Add(FieldError.Invalid(path.Child("kind"), reference.Kind, msg));
            }
        }

        if (reference.Name.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("name"), string.Empty));
        }
        else
        {
            foreach (var msg in NameValidation.IsValidPathSegmentName(reference.Name))
            {
                errors.Add(FieldError.Invalid(path.Child("name"), reference.Name, msg));
            }
        }
    }
}
