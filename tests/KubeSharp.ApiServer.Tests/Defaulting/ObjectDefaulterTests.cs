using System.Text;
using KubeSharp.Api;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Defaulting;

namespace KubeSharp.ApiServer.Tests.Defaulting;

public class ObjectDefaulterTests
{
    [Theory]
    [InlineData("""{"kind":"Event","apiVersion":"v1","metadata":{"name":"e"},"involvedObject":{},"source":{}}""")]
    [InlineData("""{"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"name":"e"}}""")]
    [InlineData("""{"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"default"}}""")]
    [InlineData("""{"kind":"Lease","apiVersion":"coordination.k8s.io/v1","metadata":{"name":"l"},"spec":{}}""")]
    [InlineData("""{"kind":"PodDisruptionBudget","apiVersion":"policy/v1","metadata":{"name":"p"},"spec":{}}""")]
    [InlineData("""{"kind":"Ingress","apiVersion":"networking.k8s.io/v1","metadata":{"name":"i"},"spec":{}}""")]
    [InlineData("""{"kind":"RuntimeClass","apiVersion":"node.k8s.io/v1","metadata":{"name":"r"},"handler":"runc"}""")]
    [InlineData("""{"kind":"ClusterRole","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"r"}}""")]
    [InlineData("""{"kind":"CertificateSigningRequest","apiVersion":"certificates.k8s.io/v1","metadata":{"name":"c"},"spec":{"signerName":"x"}}""")]
    public void Apply_KindWithoutDefaults_ReturnsFalseAndChangesNothing(string json)
    {
        var obj = DefaultingHarness.Decode(json);
        var before = DefaultingHarness.Encode(obj);
        ObjectDefaulter.Apply(obj).ShouldBeFalse();
        DefaultingHarness.Encode(obj).ShouldBe(before);
    }

    [Fact]
    public void Apply_KindWithDefaults_ReturnsTrue()
    {
        ObjectDefaulter.Apply(DefaultingHarness.Decode("""{"kind":"Secret","apiVersion":"v1"}""")).ShouldBeTrue();
    }

    [Fact]
    public void Apply_Null_Throws()
    {
        Should.Throw<ArgumentNullException>(() => ObjectDefaulter.Apply(null!));
        Should.Throw<ArgumentNullException>(() => ObjectDefaulter.Apply(new object(), null!));
    }

    [Fact]
    public void Apply_List_DefaultsEveryItem()
    {
        DefaultingHarness.AssertDefaults(
            """{"kind":"SecretList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"},"type":"kubernetes.io/tls"}]}""",
            """{"kind":"SecretList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"a"},"type":"Opaque"},{"metadata":{"name":"b"},"type":"kubernetes.io/tls"}]}""");
        DefaultingHarness.AssertDefaults(
            """{"kind":"PriorityClassList","apiVersion":"scheduling.k8s.io/v1","metadata":{},"items":[{"metadata":{"name":"a"},"value":1}]}""",
            """{"kind":"PriorityClassList","apiVersion":"scheduling.k8s.io/v1","metadata":{},"items":[{"metadata":{"name":"a"},"value":1,"preemptionPolicy":"PreemptLowerPriority"}]}""");
    }

    [Fact]
    public void Apply_EveryRegisteredKind_IsIdempotentFromAnEmptyObject()
    {
        foreach (var info in ApiTypes.All)
        {
            var obj = KubeJson.Deserialize(info, "{}"u8);
            ObjectDefaulter.Apply(obj);
            var once = DefaultingHarness.Encode(obj);
            ObjectDefaulter.Apply(obj);
            DefaultingHarness.Encode(obj).ShouldBe(once, info.ToString());
            var again = KubeJson.Deserialize(info, Encoding.UTF8.GetBytes(once));
            ObjectDefaulter.Apply(again);
            DefaultingHarness.Encode(again).ShouldBe(once, info.ToString());
        }
    }

    public static TheoryData<string, DefaultingFeatures, string, string> FeatureCases => new()
    {
        {
            "JobPodReplacementPolicy off: no podReplacementPolicy",
            new DefaultingFeatures { JobPodReplacementPolicy = false },
            """{"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"j"},"spec":{"template":{"spec":{"restartPolicy":"Never"}}}}""",
            """
            {"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"j"},"spec":{"parallelism":1,"completions":1,"backoffLimit":6,"manualSelector":false,
              "template":{"metadata":{},"spec":{"containers":null,"restartPolicy":"Never","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}},
              "completionMode":"NonIndexed","suspend":false},"status":{}}
            """
        },
        {
            "StatefulSetAutoDeletePVC off, MaxUnavailableStatefulSet on",
            new DefaultingFeatures { StatefulSetAutoDeletePvc = false, MaxUnavailableStatefulSet = true },
            """{"kind":"StatefulSet","apiVersion":"apps/v1","metadata":{"name":"s"},"spec":{"serviceName":"s","template":{"spec":{}}}}""",
            """
            {"kind":"StatefulSet","apiVersion":"apps/v1","metadata":{"name":"s"},"spec":{"replicas":1,"selector":null,
              "template":{"metadata":{},"spec":{"containers":null,"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}},
              "serviceName":"s","podManagementPolicy":"OrderedReady","updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0,"maxUnavailable":1}},"revisionHistoryLimit":10},
             "status":{"replicas":0,"availableReplicas":0}}
            """
        },
        {
            "LoadBalancerIPMode off: no ipMode",
            new DefaultingFeatures { LoadBalancerIPMode = false },
            """{"kind":"Service","apiVersion":"v1","metadata":{"name":"s"},"spec":{"type":"LoadBalancer"},"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.1"}]}}}""",
            """
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"s"},"spec":{"type":"LoadBalancer","sessionAffinity":"None","externalTrafficPolicy":"Cluster","allocateLoadBalancerNodePorts":true,"internalTrafficPolicy":"Cluster"},
             "status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.1"}]}}}
            """
        },
        {
            "ImageVolume and InPlacePodVerticalScaling on",
            new DefaultingFeatures { ImageVolume = true, InPlacePodVerticalScaling = true },
            """{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx:1.27","imagePullPolicy":"IfNotPresent","resources":{"requests":{"cpu":"1"}}}],"volumes":[{"name":"i","image":{"reference":"quay.io/x/y:latest"}}]}}""",
            """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"volumes":[{"name":"i","image":{"reference":"quay.io/x/y:latest","pullPolicy":"Always"}}],
              "containers":[{"name":"c","image":"nginx:1.27","resources":{"requests":{"cpu":"1"}},"resizePolicy":[{"resourceName":"cpu","restartPolicy":"NotRequired"}],
                "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
              "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler","enableServiceLinks":true},"status":{}}
            """
        },
        {
            "ImageVolume off (v1.32): the image volume keeps no pull policy",
            DefaultingFeatures.Kubernetes132,
            """{"kind":"PodTemplate","apiVersion":"v1","metadata":{"name":"t"},"template":{"spec":{"volumes":[{"name":"i","image":{"reference":"quay.io/x/y"}}]}}}""",
            """
            {"kind":"PodTemplate","apiVersion":"v1","metadata":{"name":"t"},"template":{"metadata":{},"spec":{"volumes":[{"name":"i","image":{"reference":"quay.io/x/y"}}],"containers":null,
              "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}}}
            """
        },
    };

    [Theory]
    [MemberData(nameof(FeatureCases))]
    public void Apply_WithFeatureGates_FollowsTheGates(string name, DefaultingFeatures features, string input, string expected)
    {
        name.ShouldNotBeEmpty();
        DefaultingHarness.AssertDefaults(input, expected, features);
    }
}
