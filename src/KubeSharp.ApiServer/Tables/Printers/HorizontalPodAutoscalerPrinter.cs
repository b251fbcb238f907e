using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Autoscaling.V2;
using V1 = KubeSharp.Api.Autoscaling.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>
/// horizontalpodautoscalers (autoscaling/v2 and v1): NAME, REFERENCE (<c>Deployment/web</c>), TARGETS
/// (<c>cpu: 40%/80%</c>, two at most then <c>+ N more...</c>), MINPODS, MAXPODS, REPLICAS, AGE.
/// </summary>
internal sealed class HorizontalPodAutoscalerPrinter : ResourcePrinter
{
    private const int MaxMetrics = 2;

    public HorizontalPodAutoscalerPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Reference", "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count."),
            TableColumn.Str("Targets", "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond."),
            TableColumn.Str("MinPods", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available."),
            TableColumn.Str("MaxPods", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas."),
            TableColumn.Str("Replicas", "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."),
            TableColumn.AgeColumn)
    {
    }

    public override bool CanPrint(object obj) => obj is HorizontalPodAutoscaler or V1.HorizontalPodAutoscaler;

    public override void Print(object obj, TableRowBuilder row)
    {
        if (obj is V1.HorizontalPodAutoscaler v1)
        {
            PrintV1(v1, row);
            return;
        }
        var hpa = (HorizontalPodAutoscaler)obj;
        var spec = hpa.Spec;
        row.String(hpa.Metadata.Name);
        row.String(spec.ScaleTargetRef.Kind + "/" + spec.ScaleTargetRef.Name);
        row.String(FormatMetrics(spec.Metrics, hpa.Status.CurrentMetrics));
        row.String(spec.MinReplicas is { } min ? min.ToString(CultureInfo.InvariantCulture) : "<unset>");
        row.Integer(spec.MaxReplicas);
        row.Integer(hpa.Status.CurrentReplicas);
        row.Age(hpa.Metadata.CreationTimestamp);
    }

    /// <summary>autoscaling/v1 as upstream converts it: the CPU target is a Resource metric of <c>cpu</c> utilization.</summary>
    private static void PrintV1(V1.HorizontalPodAutoscaler hpa, TableRowBuilder row)
    {
        var spec = hpa.Spec;
        var targets = "<none>";
        if (spec.TargetCPUUtilizationPercentage is { } target)
        {
            var current = hpa.Status.CurrentCPUUtilizationPercentage is { } cpu ? Percent(cpu) : "<unknown>";
            targets = "cpu: " + current + "/" + Percent(target);
        }
        row.String(hpa.Metadata.Name);
        row.String(spec.ScaleTargetRef.Kind + "/" + spec.ScaleTargetRef.Name);
        row.String(targets);
        row.String(spec.MinReplicas is { } min ? min.ToString(CultureInfo.InvariantCulture) : "<unset>");
        row.Integer(spec.MaxReplicas);
        row.Integer(hpa.Status.CurrentReplicas);
        row.Age(hpa.Metadata.CreationTimestamp);
    }

    /// <summary><c>formatHPAMetrics</c>.</summary>
    internal static string FormatMetrics(List<MetricSpec>? specs, List<MetricStatus>? statuses)
    {
        if (specs is null || specs.Count == 0)
        {
            return "<none>";
        }
        var list = new List<string>(specs.Count);
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var status = statuses is not null && statuses.Count > i ? statuses[i] : null;
            list.Add(spec.Type switch
            {
                "External" => ValueMetric(spec.External?.Target, status?.External?.Current, status?.External is not null),
                "Pods" => (status?.Pods is { } pods ? Text(pods.Current.AverageValue) : "<unknown>") + "/" + Text(spec.Pods?.Target.AverageValue),
                "Object" => ValueMetric(spec.Object?.Target, status?.Object?.Current, status?.Object is not null),
                "Resource" => ResourceMetric(spec.Resource?.Name ?? "", spec.Resource?.Target, status?.Resource?.Current, status?.Resource is not null),
                "ContainerResource" => ResourceMetric(spec.ContainerResource?.Name ?? "", spec.ContainerResource?.Target, status?.ContainerResource?.Current, status?.ContainerResource is not null),
                _ => "<unknown type>",
            });
        }
        if (list.Count > MaxMetrics)
        {
            return string.Join(", ", list.GetRange(0, MaxMetrics)) + " + " + (list.Count - MaxMetrics).ToString(CultureInfo.InvariantCulture) + " more...";
        }
        return string.Join(", ", list);
    }

    /// <summary>External and Object metrics: <c>current/target (avg)</c> for average values, else <c>current/target</c>.</summary>
    private static string ValueMetric(MetricTarget? target, MetricValueStatus? current, bool hasStatus)
    {
        if (target?.AverageValue is { } average)
        {
            var currentText = current?.AverageValue is { } currentAverage ? currentAverage.ToString() : "<unknown>";
            return currentText + "/" + average.ToString() + " (avg)";
        }
        var value = hasStatus ? Text(current?.Value) : "<unknown>";
        return value + "/" + Text(target?.Value);
    }

    /// <summary>Resource and ContainerResource metrics: <c>name: current/target</c>, utilization as a percentage or <c>&lt;auto&gt;</c>.</summary>
    private static string ResourceMetric(string name, MetricTarget? target, MetricValueStatus? current, bool hasStatus)
    {
        if (target?.AverageValue is { } average)
        {
            var currentText = hasStatus ? Text(current?.AverageValue) : "<unknown>";
            return name + ": " + currentText + "/" + average.ToString();
        }
        var utilization = current?.AverageUtilization is { } u ? Percent(u) : "<unknown>";
        var wanted = target?.AverageUtilization is { } t ? Percent(t) : "<auto>";
        return name + ": " + utilization + "/" + wanted;
    }

    /// <summary>A quantity as Go's <c>(*Quantity).String</c> prints it: <c>&lt;nil&gt;</c> for none.</summary>
    private static string Text(Quantity? quantity) => quantity is { } q ? q.ToString() : "<nil>";

    private static string Percent(int value) => value.ToString(CultureInfo.InvariantCulture) + "%";
}
