using System.Buffers;
using System.Text;
using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Errors;
using V1 = KubeSharp.Api.Autoscaling.V1;
using V2 = KubeSharp.Api.Autoscaling.V2;

namespace KubeSharp.ApiServer.Conversion;

/// <summary>
/// autoscaling/v1 HorizontalPodAutoscaler &lt;-&gt; autoscaling/v2 (the storage version, shaped as upstream's internal
/// type), as upstream's <c>pkg/apis/autoscaling/v1/conversion.go</c>: v1's targetCPUUtilizationPercentage is v2's
/// Resource metric of cpu Utilization; what v1 cannot express travels in annotations (other metrics, current metrics,
/// behavior, conditions) so that a v2 object read and written back through v1 loses nothing.
/// </summary>
public sealed class HorizontalPodAutoscalerV1Converter : IVersionConverter
{
    public const string MetricSpecsAnnotation = "autoscaling.alpha.kubernetes.io/metrics";
    public const string MetricStatusesAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics";
    public const string BehaviorSpecsAnnotation = "autoscaling.alpha.kubernetes.io/behavior";
    public const string ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";

    /// <summary>autoscaling/v1's implicit CPU target when no metric is given.</summary>
    public const int DefaultCpuUtilization = 80;

    private const string ResourceType = "Resource";
    private const string Cpu = "cpu";

    public static HorizontalPodAutoscalerV1Converter Instance { get; } = new();

    public string? ConvertFieldLabel(string label) => label is "metadata.name" or "metadata.namespace" ? label : null;

    /// <summary>v2 to v1 (upstream <c>Convert_autoscaling_HorizontalPodAutoscaler_To_v1_HorizontalPodAutoscaler</c>).</summary>
    public IKubeMetaObject FromStorage(IKubeMetaObject stored)
    {
        var hpa = ((V2.HorizontalPodAutoscaler)stored).DeepCopy();
        var result = new V1.HorizontalPodAutoscaler { Metadata = hpa.Metadata };
        var annotations = DropRoundTripAnnotations(hpa.Metadata.Annotations);

        var spec = hpa.Spec;
        result.Spec.ScaleTargetRef = new V1.CrossVersionObjectReference
        {
            Kind = spec.ScaleTargetRef.Kind,
            Name = spec.ScaleTargetRef.Name,
            ApiVersion = spec.ScaleTargetRef.ApiVersion,
        };
        result.Spec.MinReplicas = spec.MinReplicas;
        result.Spec.MaxReplicas = spec.MaxReplicas;
        var otherMetrics = new List<V1.MetricSpec>();
        var cpuSeen = false;
        foreach (var metric in spec.Metrics ?? [])
        {
            if (!cpuSeen && IsCpu(metric))
            {
                // The first cpu Resource metric gives the v1 target (only when it is a utilization).
                cpuSeen = true;
                result.Spec.TargetCPUUtilizationPercentage = metric.Resource!.Target.AverageUtilization;
            }
            if (IsCpu(metric) && metric.Resource!.Target.AverageUtilization is not null)
            {
                continue;
            }
            otherMetrics.Add(ToV1(metric));
        }

        var status = hpa.Status;
        result.Status.ObservedGeneration = status.ObservedGeneration;
        result.Status.LastScaleTime = status.LastScaleTime;
        result.Status.CurrentReplicas = status.CurrentReplicas;
        result.Status.DesiredReplicas = status.DesiredReplicas;
        foreach (var metric in status.CurrentMetrics ?? [])
        {
            if (metric.Type == ResourceType && metric.Resource is { Name: Cpu } cpu && cpu.Current.AverageUtilization is { } utilization)
            {
                result.Status.CurrentCPUUtilizationPercentage = utilization;
            }
        }

        if (otherMetrics.Count > 0)
        {
            annotations ??= [];
            annotations[MetricSpecsAnnotation] = EncodeList(otherMetrics);
        }
        if (status.CurrentMetrics is { Count: > 0 } currentMetrics)
        {
            annotations ??= [];
            annotations[MetricStatusesAnnotation] = EncodeList(currentMetrics.Select(ToV1).ToList());
        }
        if (spec.Behavior is { } behavior)
        {
            annotations ??= [];
            annotations[BehaviorSpecsAnnotation] = Encode(behavior);
        }
        if (status.Conditions is { Count: > 0 } conditions)
        {
            annotations ??= [];
            annotations[ConditionsAnnotation] = EncodeList(conditions.Select(c => new V1.HorizontalPodAutoscalerCondition
            {
                Type = c.Type,
                Status = c.Status,
                LastTransitionTime = c.LastTransitionTime,
                Reason = c.Reason,
                Message = c.Message,
                ObservedGeneration = c.ObservedGeneration,
            }).ToList());
        }
        result.Metadata.Annotations = annotations is { Count: > 0 } ? annotations : null;
        return result;
    }

    /// <summary>v1 to v2 (upstream <c>Convert_v1_HorizontalPodAutoscaler_To_autoscaling_HorizontalPodAutoscaler</c>).</summary>
    public IKubeMetaObject ToStorage(IKubeMetaObject served)
    {
        var hpa = (V1.HorizontalPodAutoscaler)served;
        var result = new V2.HorizontalPodAutoscaler { Metadata = hpa.Metadata };
        var annotations = hpa.Metadata.Annotations;

        var spec = hpa.Spec;
        result.Spec.ScaleTargetRef = new V2.CrossVersionObjectReference
        {
            Kind = spec.ScaleTargetRef.Kind,
            Name = spec.ScaleTargetRef.Name,
            ApiVersion = spec.ScaleTargetRef.ApiVersion,
        };
        result.Spec.MinReplicas = spec.MinReplicas;
        result.Spec.MaxReplicas = spec.MaxReplicas;
        List<V2.MetricSpec>? metrics = spec.TargetCPUUtilizationPercentage is { } target ? [CpuUtilization(target)] : null;
        if (annotations is not null && annotations.TryGetValue(MetricSpecsAnnotation, out var metricsJson))
        {
            // The other metrics come first, the v1 CPU target (if any) after them.
            var others = DecodeList<V1.MetricSpec>(metricsJson, MetricSpecsAnnotation).Select(ToV2).ToList();
            others.AddRange(metrics ?? []);
            metrics = others;
        }

        var status = hpa.Status;
        result.Status.ObservedGeneration = status.ObservedGeneration;
        result.Status.LastScaleTime = status.LastScaleTime;
        result.Status.CurrentReplicas = status.CurrentReplicas;
        result.Status.DesiredReplicas = status.DesiredReplicas;
        if (status.CurrentCPUUtilizationPercentage is { } current)
        {
            result.Status.CurrentMetrics =
            [
                new V2.MetricStatus
                {
                    Type = ResourceType,
                    Resource = new V2.ResourceMetricStatus { Name = Cpu, Current = new V2.MetricValueStatus { AverageUtilization = current } },
                },
            ];
        }
        if (annotations is not null && annotations.TryGetValue(MetricStatusesAnnotation, out var statusesJson))
        {
            // These carry more than the v1 CPU figure: they replace it.
            result.Status.CurrentMetrics = DecodeList<V1.MetricStatus>(statusesJson, MetricStatusesAnnotation).Select(ToV2).ToList();
        }
        if (annotations is not null && annotations.TryGetValue(BehaviorSpecsAnnotation, out var behaviorJson))
        {
            var behavior = Decode<V2.HorizontalPodAutoscalerBehavior>(behaviorJson, BehaviorSpecsAnnotation);
            if (behavior.ScaleUp is not null || behavior.ScaleDown is not null)
            {
                result.Spec.Behavior = behavior;
            }
        }
        // v1's implicit default, made explicit: with no metric at all the target is 80% CPU.
        result.Spec.Metrics = metrics is { Count: > 0 } ? metrics : [CpuUtilization(DefaultCpuUtilization)];
        if (annotations is not null && annotations.TryGetValue(ConditionsAnnotation, out var conditionsJson))
        {
            result.Status.Conditions = DecodeList<V1.HorizontalPodAutoscalerCondition>(conditionsJson, ConditionsAnnotation).Select(c => new V2.HorizontalPodAutoscalerCondition
            {
                Type = c.Type,
                Status = c.Status,
                LastTransitionTime = c.LastTransitionTime,
                Reason = c.Reason,
                Message = c.Message,
                ObservedGeneration = c.ObservedGeneration,
            }).ToList();
        }
        var kept = DropRoundTripAnnotations(annotations);
        result.Metadata.Annotations = kept is { Count: > 0 } ? kept : null;
        return result;
    }

    /// <summary>A copy of the annotations without the round-trip ones (the same instance when there are none).</summary>
    public static Dictionary<string, string>? DropRoundTripAnnotations(Dictionary<string, string>? annotations)
    {
        if (annotations is null
            || !(annotations.ContainsKey(MetricSpecsAnnotation) || annotations.ContainsKey(MetricStatusesAnnotation)
                || annotations.ContainsKey(BehaviorSpecsAnnotation) || annotations.ContainsKey(ConditionsAnnotation)))
        {
            return annotations;
        }
        var copy = new Dictionary<string, string>(annotations, StringComparer.Ordinal);
        copy.Remove(MetricSpecsAnnotation);
        copy.Remove(MetricStatusesAnnotation);
        copy.Remove(BehaviorSpecsAnnotation);
        copy.Remove(ConditionsAnnotation);
        return copy;
    }

    private static bool IsCpu(V2.MetricSpec metric) => metric.Type == ResourceType && metric.Resource is { Name: Cpu };

    private static V2.MetricSpec CpuUtilization(int percent) => new()
    {
        Type = ResourceType,
        Resource = new V2.ResourceMetricSource { Name = Cpu, Target = new V2.MetricTarget { Type = "Utilization", AverageUtilization = percent } },
    };

    private static V1.MetricSpec ToV1(V2.MetricSpec m) => new()
    {
        Type = m.Type,
        Object = m.Object is not { } o ? null : new V1.ObjectMetricSource
        {
            Target = new V1.CrossVersionObjectReference { Kind = o.DescribedObject.Kind, Name = o.DescribedObject.Name, ApiVersion = o.DescribedObject.ApiVersion },
            MetricName = o.Metric.Name,
            TargetValue = o.Target.Value ?? Quantity.Zero,
            Selector = o.Metric.Selector,
            AverageValue = o.Target.AverageValue,
        },
        Pods = m.Pods is not { } p ? null : new V1.PodsMetricSource
        {
            MetricName = p.Metric.Name,
            TargetAverageValue = p.Target.AverageValue ?? Quantity.Zero,
            Selector = p.Metric.Selector,
        },
        Resource = m.Resource is not { } r ? null : new V1.ResourceMetricSource
        {
            Name = r.Name,
            TargetAverageUtilization = r.Target.AverageUtilization,
            TargetAverageValue = r.Target.AverageValue,
        },
        ContainerResource = m.ContainerResource is not { } c ? null : new V1.ContainerResourceMetricSource
        {
            Name = c.Name,
            Container = c.Container,
            TargetAverageUtilization = c.Target.AverageUtilization,
            TargetAverageValue = c.Target.AverageValue,
        },
        External = m.External is not { } e ? null : new V1.ExternalMetricSource
        {
            MetricName = e.Metric.Name,
            MetricSelector = e.Metric.Selector,
            TargetValue = e.Target.Value,
            TargetAverageValue = e.Target.AverageValue,
        },
    };

    private static V2.MetricSpec ToV2(V1.MetricSpec m) => new()
    {
        Type = m.Type,
        Object = m.Object is not { } o ? null : new V2.ObjectMetricSource
        {
            DescribedObject = new V2.CrossVersionObjectReference { Kind = o.Target.Kind, Name = o.Target.Name, ApiVersion = o.Target.ApiVersion },
            Target = new V2.MetricTarget { Type = o.AverageValue is null ? "Value" : "AverageValue", Value = o.TargetValue, AverageValue = o.AverageValue },
            Metric = new V2.MetricIdentifier { Name = o.MetricName, Selector = o.Selector },
        },
        Pods = m.Pods is not { } p ? null : new V2.PodsMetricSource
        {
            Target = new V2.MetricTarget { Type = "AverageValue", AverageValue = p.TargetAverageValue },
            Metric = new V2.MetricIdentifier { Name = p.MetricName, Selector = p.Selector },
        },
        Resource = m.Resource is not { } r ? null : new V2.ResourceMetricSource
        {
            Name = r.Name,
            Target = new V2.MetricTarget
            {
                Type = r.TargetAverageUtilization is null ? "AverageValue" : "Utilization",
                AverageValue = r.TargetAverageValue,
                AverageUtilization = r.TargetAverageUtilization,
            },
        },
        ContainerResource = m.ContainerResource is not { } c ? null : new V2.ContainerResourceMetricSource
        {
            Name = c.Name,
            Container = c.Container,
            Target = new V2.MetricTarget
            {
                Type = c.TargetAverageUtilization is null ? "AverageValue" : "Utilization",
                AverageValue = c.TargetAverageValue,
                AverageUtilization = c.TargetAverageUtilization,
            },
        },
        External = m.External is not { } e ? null : new V2.ExternalMetricSource
        {
            Target = new V2.MetricTarget { Type = e.TargetValue is null ? "AverageValue" : "Value", Value = e.TargetValue, AverageValue = e.TargetAverageValue },
            Metric = new V2.MetricIdentifier { Name = e.MetricName, Selector = e.MetricSelector },
        },
    };

    private static V1.MetricStatus ToV1(V2.MetricStatus m) => new()
    {
        Type = m.Type,
        Object = m.Object is not { } o ? null : new V1.ObjectMetricStatus
        {
            Target = new V1.CrossVersionObjectReference { Kind = o.DescribedObject.Kind, Name = o.DescribedObject.Name, ApiVersion = o.DescribedObject.ApiVersion },
            MetricName = o.Metric.Name,
            CurrentValue = o.Current.Value ?? Quantity.Zero,
            Selector = o.Metric.Selector,
            AverageValue = o.Current.AverageValue,
        },
        Pods = m.Pods is not { } p ? null : new V1.PodsMetricStatus
        {
            MetricName = p.Metric.Name,
            CurrentAverageValue = p.Current.AverageValue ?? Quantity.Zero,
            Selector = p.Metric.Selector,
        },
        Resource = m.Resource is not { } r ? null : new V1.ResourceMetricStatus
        {
            Name = r.Name,
            CurrentAverageUtilization = r.Current.AverageUtilization,
            CurrentAverageValue = r.Current.AverageValue ?? Quantity.Zero,
        },
        ContainerResource = m.ContainerResource is not { } c ? null : new V1.ContainerResourceMetricStatus
        {
            Name = c.Name,
            Container = c.Container,
            CurrentAverageUtilization = c.Current.AverageUtilization,
            CurrentAverageValue = c.Current.AverageValue ?? Quantity.Zero,
        },
        External = m.External is not { } e ? null : new V1.ExternalMetricStatus
        {
            MetricName = e.Metric.Name,
            MetricSelector = e.Metric.Selector,
            CurrentValue = e.Current.Value ?? Quantity.Zero,
            CurrentAverageValue = e.Current.AverageValue,
        },
    };

    private static V2.MetricStatus ToV2(V1.MetricStatus m) => new()
    {
        Type = m.Type,
        Object = m.Object is not { } o ? null : new V2.ObjectMetricStatus
        {
            DescribedObject = new V2.CrossVersionObjectReference { Kind = o.Target.Kind, Name = o.Target.Name, ApiVersion = o.Target.ApiVersion },
            Current = new V2.MetricValueStatus { Value = o.CurrentValue, AverageValue = o.AverageValue },
            Metric = new V2.MetricIdentifier { Name = o.MetricName, Selector = o.Selector },
        },
        Pods = m.Pods is not { } p ? null : new V2.PodsMetricStatus
        {
            Current = new V2.MetricValueStatus { AverageValue = p.CurrentAverageValue },
            Metric = new V2.MetricIdentifier { Name = p.MetricName, Selector = p.Selector },
        },
        Resource = m.Resource is not { } r ? null : new V2.ResourceMetricStatus
        {
            Name = r.Name,
            Current = new V2.MetricValueStatus { AverageValue = r.CurrentAverageValue, AverageUtilization = r.CurrentAverageUtilization },
        },
        ContainerResource = m.ContainerResource is not { } c ? null : new V2.ContainerResourceMetricStatus
        {
            Name = c.Name,
            Container = c.Container,
            Current = new V2.MetricValueStatus { AverageValue = c.CurrentAverageValue, AverageUtilization = c.CurrentAverageUtilization },
        },
        External = m.External is not { } e ? null : new V2.ExternalMetricStatus
        {
            Current = new V2.MetricValueStatus { Value = e.CurrentValue, AverageValue = e.CurrentAverageValue },
            Metric = new V2.MetricIdentifier { Name = e.MetricName, Selector = e.MetricSelector },
        },
    };

    private static string Encode(V2.HorizontalPodAutoscalerBehavior value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, KubeJson.WriterOptions))
        {
            value.WriteJson(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string EncodeList<T>(List<T> values) where T : IJsonWritable
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, KubeJson.WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                value.WriteJson(writer);
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static T Decode<T>(string json, string annotation) where T : IJsonModel<T>
    {
        try
        {
            return KubeJson.Deserialize<T>(json, new JsonDecodeContext(collectFindings: false));
        }
        catch (Exception e) when (e is JsonDecodeException or JsonException)
        {
            throw BadAnnotation(annotation, e.Message);
        }
    }

    private static List<T> DecodeList<T>(string json, string annotation) where T : IJsonModel<T>
    {
        try
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            var reader = new Utf8JsonReader(bytes, KubeJson.ReaderOptions);
            var context = new JsonDecodeContext(collectFindings: false);
            var items = new List<T>();
            if (!reader.Read())
            {
                throw new JsonDecodeException("unexpected end of JSON input");
            }
            if (reader.TokenType == JsonTokenType.Null)
            {
                return items;
            }
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonDecodeException("cannot unmarshal " + reader.TokenType + " into a list");
            }
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                items.Add(T.ReadJson(ref reader, context));
            }
            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw new JsonDecodeException("unexpected end of JSON input");
            }
            return items;
        }
        catch (Exception e) when (e is JsonDecodeException or JsonException)
        {
            throw BadAnnotation(annotation, e.Message);
        }
    }

    private static ApiStatusException BadAnnotation(string annotation, string message)
        => ApiErrors.BadRequest($"HorizontalPodAutoscaler in version \"v1\" cannot be handled as a HorizontalPodAutoscaler: annotation {annotation}: {message}");
}
