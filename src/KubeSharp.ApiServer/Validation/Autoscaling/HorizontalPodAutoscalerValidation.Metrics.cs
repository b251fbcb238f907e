using System.Globalization;
using KubeSharp.Api.Autoscaling.V2;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Validation.Core;

namespace KubeSharp.ApiServer.Validation.Autoscaling;

public static partial class HorizontalPodAutoscalerValidation
{
    private static void Metrics(FieldErrorList errors, List<MetricSpec>? metrics, FieldPath path, int? minReplicas)
    {
        var hasObjectOrExternal = false;
        for (var i = 0; i < (metrics?.Count ?? 0); i++)
        {
            MetricSpecRules(errors, metrics![i], path.Index(i));
            hasObjectOrExternal |= metrics[i].Type is "Object" or "External";
        }

        if (minReplicas == 0 && !hasObjectOrExternal)
        {
            errors.Add(FieldError.Forbidden(path, "must specify at least one Object or External metric to support scaling to zero replicas"));
        }
    }

    private static void MetricSpecRules(FieldErrorList errors, MetricSpec spec, FieldPath path)
    {
        if (spec.Type.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("type"), "must specify a metric source type"));
        }

        if (!MetricSourceTypes.Contains(spec.Type, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path.Child("type"), spec.Type, MetricSourceTypes));
        }

        var present = new List<string>();
        if (spec.Object is { } obj)
        {
            present.Add("object");
            if (present.Count == 1)
            {
                MetricIdentifierAndTarget(errors, obj.Metric, obj.Target, path.Child("object"), describedObject: obj.DescribedObject);
                if (obj.Target.Value is null && obj.Target.AverageValue is null)
                {
                    errors.Add(FieldError.Required(path.Child("object").Child("target").Child("averageValue"), "must set either a target value or averageValue"));
                }
            }
        }

        if (spec.External is { } external)
        {
            present.Add("external");
            if (present.Count == 1)
            {
                var p = path.Child("external");
                MetricIdentifierAndTarget(errors, external.Metric, external.Target, p, describedObject: null);
                if (external.Target.Value is null && external.Target.AverageValue is null)
                {
                    errors.Add(FieldError.Required(p.Child("target").Child("averageValue"), "must set either a target value for metric or a per-pod target"));
                }

                if (external.Target.Value is not null && external.Target.AverageValue is not null)
                {
                    errors.Add(FieldError.Forbidden(p.Child("target").Child("value"), "may not set both a target value for metric and a per-pod target"));
                }
            }
        }

        if (spec.Pods is { } pods)
        {
            present.Add("pods");
            if (present.Count == 1)
            {
                var p = path.Child("pods");
                MetricIdentifierAndTarget(errors, pods.Metric, pods.Target, p, describedObject: null);
                if (pods.Target.AverageValue is null)
                {
                    errors.Add(FieldError.Required(p.Child("target").Child("averageValue"), "must specify a positive target averageValue"));
                }
            }
        }

        if (spec.Resource is { } resource)
        {
            present.Add("resource");
            if (present.Count == 1)
            {
                ResourceSource(errors, resource.Name, null, resource.Target, path.Child("resource"));
            }
        }

        if (spec.ContainerResource is { } containerResource)
        {
            present.Add("containerResource");
            if (present.Count == 1)
            {
                ResourceSource(errors, containerResource.Name, containerResource.Container, containerResource.Target, path.Child("containerResource"));
            }
        }

        string? expected = spec.Type switch
        {
            "Object" => "object",
            "Pods" => "pods",
            "Resource" => "resource",
            "External" => "external",
            "ContainerResource" => "containerResource",
            _ => null,
        };
        if (expected is null)
        {
            errors.Add(FieldError.NotSupported(path.Child("type"), spec.Type, MetricSourceTypes));
        }
        else if (!present.Contains(expected, StringComparer.Ordinal))
        {
            errors.Add(FieldError.Required(path.Child(expected), "must populate information for the given metric source"));
        }

        if (present.Count != 1)
        {
            present.Sort(StringComparer.Ordinal);
            foreach (var key in present)
            {
                if (key != expected)
                {
                    errors.Add(FieldError.Forbidden(path.Child(key), "must populate the given metric source only"));
                }
            }
        }
    }

    private static void MetricIdentifierAndTarget(FieldErrorList errors, MetricIdentifier metric, MetricTarget target, FieldPath path, CrossVersionObjectReference? describedObject)
    {
        if (describedObject is not null)
        {
            CrossVersionObjectReference(errors, describedObject, path.Child("describedObject"));
        }

        var namePath = path.Child("metric").Child("name");
        if (metric.Name.Length == 0)
        {
            errors.Add(FieldError.Required(namePath, "must specify a metric name"));
        }
        else
        {
            foreach (var msg in NameValidation.IsValidPathSegmentName(metric.Name))
            {
                errors.Add(FieldError.Invalid(namePath, metric.Name, msg));
            }
        }

        Target(errors, target, path.Child("target"));
    }

    private static void ResourceSource(FieldErrorList errors, string name, string? container, MetricTarget target, FieldPath path)
    {
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("name"), "must specify a resource name"));
        }
        else if (container is not null)
        {
            // upstream checks the name only for container resource metrics.
            ResourceNames.ValidateContainerResourceName(errors, name, path.Child("name"));
        }

        if (container is not null)
        {
            if (container.Length == 0)
            {
                errors.Add(FieldError.Required(path.Child("container"), "must specify a container"));
            }
            else
            {
                CommonValidation.DNS1123Label(errors, container, path.Child("container"));
            }
        }

        Target(errors, target, path.Child("target"));
        if (target.AverageUtilization is null && target.AverageValue is null)
        {
            errors.Add(FieldError.Required(path.Child("target").Child("averageUtilization"), "must set either a target raw value or a target utilization"));
        }

        if (target.AverageUtilization is not null && target.AverageValue is not null)
        {
            errors.Add(FieldError.Forbidden(path.Child("target").Child("averageValue"), "may not set both a target raw value and a target utilization"));
        }
    }

    private static void Target(FieldErrorList errors, MetricTarget target, FieldPath path)
    {
        if (target.Type.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("type"), "must specify a metric target type"));
        }

        if (target.Type is not ("Utilization" or "Value" or "AverageValue"))
        {
            errors.Add(FieldError.Invalid(path.Child("type"), target.Type, "must be either Utilization, Value, or AverageValue"));
        }

        if (target.Value is { } value && value.Sign != 1)
        {
            errors.Add(FieldError.Invalid(path.Child("value"), GoSyntax.QuantityValue(value), "must be positive"));
        }

        if (target.AverageValue is { } average && average.Sign != 1)
        {
            errors.Add(FieldError.Invalid(path.Child("averageValue"), GoSyntax.QuantityValue(average), "must be positive"));
        }

        if (target.AverageUtilization is { } utilization && utilization < 1)
        {
            errors.Add(FieldError.Invalid(path.Child("averageUtilization"), utilization, "must be greater than 0"));
        }
    }

    private static void ScalingRules(FieldErrorList errors, HPAScalingRules? rules, FieldPath path)
    {
        if (rules is null)
        {
            return;
        }

        if (rules.StabilizationWindowSeconds is { } window)
        {
            if (window < 0)
            {
                errors.Add(FieldError.Invalid(path.Child("stabilizationWindowSeconds"), window, "must be greater than or equal to zero"));
            }

            if (window > MaxStabilizationWindowSeconds)
            {
                errors.Add(FieldError.Invalid(path.Child("stabilizationWindowSeconds"), window,
                    string.Create(CultureInfo.InvariantCulture, $"must be less than or equal to {MaxStabilizationWindowSeconds}")));
            }
        }

        if (rules.SelectPolicy is { } select && select is not ("Max" or "Min" or "Disabled"))
        {
            errors.Add(FieldError.NotSupported(path.Child("selectPolicy"), select, ["Disabled", "Max", "Min"]));
        }

        var policiesPath = path.Child("policies");
        if (rules.Policies is not { Count: > 0 })
        {
            errors.Add(FieldError.Required(policiesPath, "must specify at least one Policy"));
        }

        for (var i = 0; i < (rules.Policies?.Count ?? 0); i++)
        {
            var policy = rules.Policies![i];
            var p = policiesPath.Index(i);
            if (policy.Type is not ("Pods" or "Percent"))
            {
                errors.Add(FieldError.NotSupported(p.Child("type"), policy.Type, ["Percent", "Pods"]));
            }

            if (policy.Value <= 0)
            {
                errors.Add(FieldError.Invalid(p.Child("value"), policy.Value, "must be greater than zero"));
            }

            if (policy.PeriodSeconds <= 0)
            {
                errors.Add(FieldError.Invalid(p.Child("periodSeconds"), policy.PeriodSeconds, "must be greater than zero"));
            }

            if (policy.PeriodSeconds > MaxPeriodSeconds)
            {
                errors.Add(FieldError.Invalid(p.Child("periodSeconds"), policy.PeriodSeconds,
                    string.Create(CultureInfo.InvariantCulture, $"must be less than or equal to {MaxPeriodSeconds}")));
            }
        }
    }
}
