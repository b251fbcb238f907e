using KubeSharp.Api;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Conversion;
using KubeSharp.ApiServer.Errors;
using V1 = KubeSharp.Api.Autoscaling.V1;
using V2 = KubeSharp.Api.Autoscaling.V2;

namespace KubeSharp.ApiServer.Tests.Conversion;

public sealed class HorizontalPodAutoscalerV1ConverterTests
{
    private static readonly HorizontalPodAutoscalerV1Converter Converter = HorizontalPodAutoscalerV1Converter.Instance;

    /// <summary>A v2 autoscaler using everything v1 cannot say. The cpu utilization metric is last: v1 brings it back
    /// after the metrics kept in the annotation, as upstream does.</summary>
    private const string RichV2 = """
        {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
         "metadata":{"name":"web","namespace":"default","annotations":{"team":"a"}},
         "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"minReplicas":2,"maxReplicas":10,
          "metrics":[
           {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}},
           {"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"10"}}},
           {"type":"External","external":{"metric":{"name":"queue","selector":{"matchLabels":{"q":"jobs"}}},"target":{"type":"Value","value":"30"}}},
           {"type":"Object","object":{"describedObject":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"metric":{"name":"rps"},"target":{"type":"Value","value":"2k"}}},
           {"type":"ContainerResource","containerResource":{"name":"cpu","container":"app","target":{"type":"Utilization","averageUtilization":60}}},
           {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":75}}}],
          "behavior":{"scaleUp":{"stabilizationWindowSeconds":0,"selectPolicy":"Max","policies":[{"type":"Pods","value":4,"periodSeconds":15}]},
                      "scaleDown":{"stabilizationWindowSeconds":300,"selectPolicy":"Min","policies":[{"type":"Percent","value":50,"periodSeconds":60}]}}},
         "status":{"observedGeneration":3,"currentReplicas":2,"desiredReplicas":3,
          "currentMetrics":[
           {"type":"Resource","resource":{"name":"memory","current":{"averageValue":"400Mi"}}},
           {"type":"Resource","resource":{"name":"cpu","current":{"averageValue":"250m","averageUtilization":62}}}],
          "conditions":[{"type":"AbleToScale","status":"True","lastTransitionTime":"2024-05-06T07:08:09Z","reason":"ReadyForNewScale","message":"ok"}]}}
        """;

    [Fact]
    public void RichV2_ToV1AndBack_IsLossless()
    {
        var v2 = KubeJson.Deserialize<V2.HorizontalPodAutoscaler>(RichV2);
        var expected = KubeJson.Serialize(v2);

        var v1 = ToV1(v2);
        var back = ToV2(Reparse(v1));

        KubeJson.Serialize(back).ShouldBe(expected);
        // The stored object is shared by caches: conversion must not touch it.
        KubeJson.Serialize(v2).ShouldBe(expected);
    }

    [Fact]
    public void RichV2_ToV1_CarriesCpuTargetAndAnnotations()
    {
        var v1 = ToV1(KubeJson.Deserialize<V2.HorizontalPodAutoscaler>(RichV2));

        v1.Spec.TargetCPUUtilizationPercentage.ShouldBe(75);
        v1.Spec.MinReplicas.ShouldBe(2);
        v1.Spec.MaxReplicas.ShouldBe(10);
        v1.Spec.ScaleTargetRef.Name.ShouldBe("web");
        v1.Status.CurrentCPUUtilizationPercentage.ShouldBe(62);
        var annotations = v1.Metadata.Annotations!;
        annotations["team"].ShouldBe("a");
        annotations[HorizontalPodAutoscalerV1Converter.MetricSpecsAnnotation].ShouldStartWith(
            """[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"500Mi"}},{"type":"Pods","pods":{"metricName":"qps","targetAverageValue":"10"}}""");
        annotations[HorizontalPodAutoscalerV1Converter.MetricSpecsAnnotation].ShouldNotContain("\"averageUtilization\":75");
        annotations[HorizontalPodAutoscalerV1Converter.MetricStatusesAnnotation].ShouldContain("\"currentAverageUtilization\":62");
        annotations[HorizontalPodAutoscalerV1Converter.BehaviorSpecsAnnotation].ShouldContain("\"scaleDown\":{\"stabilizationWindowSeconds\":300");
        annotations[HorizontalPodAutoscalerV1Converter.ConditionsAnnotation].ShouldContain("\"reason\":\"ReadyForNewScale\"");
    }

    [Fact]
    public void PlainV1_GetsTheCpuMetric_AndNoAnnotations()
    {
        var v1 = KubeJson.Deserialize<V1.HorizontalPodAutoscaler>("""
            {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"x"},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"x","apiVersion":"apps/v1"},"maxReplicas":5,"targetCPUUtilizationPercentage":80}}
            """);
        var v2 = ToV2(v1);

        v2.Metadata.Annotations.ShouldBeNull();
        v2.Spec.Metrics.ShouldNotBeNull().Count.ShouldBe(1);
        var cpu = v2.Spec.Metrics[0];
        cpu.Type.ShouldBe("Resource");
        cpu.Resource!.Name.ShouldBe("cpu");
        cpu.Resource.Target.Type.ShouldBe("Utilization");
        cpu.Resource.Target.AverageUtilization.ShouldBe(80);
        v2.Spec.Behavior.ShouldBeNull();
    }

    [Fact]
    public void V1WithoutTarget_DefaultsToEightyPercentCpu()
    {
        var v1 = new V1.HorizontalPodAutoscaler();
        v1.Spec.MaxReplicas = 3;
        var v2 = ToV2(v1);
        v2.Spec.Metrics.ShouldNotBeNull().Single().Resource!.Target.AverageUtilization.ShouldBe(HorizontalPodAutoscalerV1Converter.DefaultCpuUtilization);
    }

    [Fact]
    public void V2WithRoundTripAnnotations_DropsThem()
    {
        var v2 = KubeJson.Deserialize<V2.HorizontalPodAutoscaler>("""
            {"metadata":{"name":"x","annotations":{"autoscaling.alpha.kubernetes.io/behavior":"{}","keep":"me"}},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"x"},"maxReplicas":5,
              "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]}}
            """);
        var v1 = ToV1(v2);
        v1.Metadata.Annotations.ShouldNotBeNull().Keys.ShouldBe(["keep"]);
    }

    [Fact]
    public void BadAnnotation_IsBadRequest()
    {
        var v1 = new V1.HorizontalPodAutoscaler();
        v1.Metadata.Annotations = new() { [HorizontalPodAutoscalerV1Converter.MetricSpecsAnnotation] = "{not json" };
        var error = Should.Throw<ApiStatusException>(() => Converter.ToStorage(v1));
        error.Status.Code.ShouldBe(400);
    }

    [Fact]
    public void UpstreamFixtureV2_ConvertsStably()
    {
        // Upstream's fuzzed fixture sets every field; v1 keeps what its annotations can say, and a second round trip
        // changes nothing more.
        var v2 = KubeJson.Deserialize<V2.HorizontalPodAutoscaler>(EventsV1ConverterTests.Fixture("autoscaling.v2.HorizontalPodAutoscaler"));
        var once = ToV2(Reparse(ToV1(v2)));
        var twice = ToV2(Reparse(ToV1(once)));
        KubeJson.Serialize(twice).ShouldBe(KubeJson.Serialize(once));
        once.Spec.Behavior.ShouldNotBeNull();
        KubeJson.Serialize(once.Spec.Behavior).ShouldBe(KubeJson.Serialize(v2.Spec.Behavior!));
        KubeJson.Serialize(once.Status.Conditions![0]).ShouldBe(KubeJson.Serialize(v2.Status.Conditions![0]));
        once.Metadata.Annotations.ShouldBe(v2.Metadata.Annotations);
    }

    [Fact]
    public void UpstreamFixtureV1_RoundTripsItsFields()
    {
        var v1 = KubeJson.Deserialize<V1.HorizontalPodAutoscaler>(EventsV1ConverterTests.Fixture("autoscaling.v1.HorizontalPodAutoscaler"));
        var back = ToV1(ToV2(KubeJson.Deserialize<V1.HorizontalPodAutoscaler>(EventsV1ConverterTests.Fixture("autoscaling.v1.HorizontalPodAutoscaler"))));

        KubeJson.Serialize(back.Spec).ShouldBe(KubeJson.Serialize(v1.Spec));
        KubeJson.Serialize(back.Status).ShouldBe(KubeJson.Serialize(v1.Status));
        // The CPU figure of the status is also kept whole in the current-metrics annotation, as upstream does.
        back.Metadata.Annotations.ShouldNotBeNull()[HorizontalPodAutoscalerV1Converter.MetricStatusesAnnotation].ShouldContain("\"name\":\"cpu\"");
        back.Metadata.Annotations.Where(a => !a.Key.StartsWith("autoscaling.alpha", StringComparison.Ordinal)).ShouldBe(v1.Metadata.Annotations!, ignoreOrder: true);
    }

    private static V1.HorizontalPodAutoscaler ToV1(V2.HorizontalPodAutoscaler v2)
    {
        var v1 = (V1.HorizontalPodAutoscaler)Converter.FromStorage(v2);
        v1.ApiVersion = "autoscaling/v1";
        v1.Kind = "HorizontalPodAutoscaler";
        return v1;
    }

    private static V2.HorizontalPodAutoscaler ToV2(V1.HorizontalPodAutoscaler v1)
    {
        var v2 = (V2.HorizontalPodAutoscaler)Converter.ToStorage(v1);
        v2.ApiVersion = "autoscaling/v2";
        v2.Kind = "HorizontalPodAutoscaler";
        return v2;
    }

    /// <summary>Through JSON, as a client reading v1 and writing it back would.</summary>
    private static V1.HorizontalPodAutoscaler Reparse(V1.HorizontalPodAutoscaler v1) => KubeJson.Deserialize<V1.HorizontalPodAutoscaler>(KubeJson.Serialize(v1));
}
