using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Quota;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Admission.Plugins;

namespace KubeSharp.ApiServer.Tests.Admission;

/// <summary>The admission plugins' and quota evaluators' rules on their own (the integration tests drive them
/// through the server).</summary>
public sealed class AdmissionPluginTests
{
    private static T Parse<T>(string json) where T : IJsonModel<T> => KubeJson.Deserialize<T>(System.Text.Encoding.UTF8.GetBytes(json.Replace('\'', '"')));

    private static Dictionary<string, Quantity> List(params (string Name, string Value)[] entries)
        => entries.ToDictionary(e => e.Name, e => Quantity.Parse(e.Value), StringComparer.Ordinal);

    [Theory]
    [InlineData("[]", 2)]
    [InlineData("[{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute'}]", 1)]
    [InlineData("[{'operator':'Exists'}]", 0)]
    [InlineData("[{'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoSchedule'}]", 2)]
    [InlineData("[{'operator':'Exists','effect':'NoExecute'}]", 0)]
    public void DefaultTolerationSeconds_AddsOnlyWhatThePodDoesNotTolerate(string tolerations, int added)
    {
        var pod = Parse<Pod>("{'spec':{'tolerations':" + tolerations + "}}");
        var before = pod.Spec.Tolerations?.Count ?? 0;
        DefaultTolerationSeconds.Apply(pod, 120, 300).ShouldBe(added > 0);
        (pod.Spec.Tolerations?.Count ?? 0).ShouldBe(before + added);
        foreach (var toleration in pod.Spec.Tolerations!.Skip(before))
        {
            toleration.Operator.ShouldBe("Exists");
            toleration.Effect.ShouldBe("NoExecute");
            toleration.TolerationSeconds.ShouldBe(toleration.Key == DefaultTolerationSeconds.NotReadyTaint ? 120 : 300);
        }
    }

    [Fact]
    public void ServiceAccount_NamesDefault_ExceptForMirrorPods()
    {
        var pod = Parse<Pod>("{'spec':{}}");
        ServiceAccountAdmission.Apply(pod).ShouldBeTrue();
        pod.Spec.ServiceAccountName.ShouldBe("default");
        pod.Spec.ServiceAccount.ShouldBe("default");
        var legacy = Parse<Pod>("{'spec':{'serviceAccount':'old'}}");
        ServiceAccountAdmission.Apply(legacy);
        legacy.Spec.ServiceAccountName.ShouldBe("old");
        var mirror = Parse<Pod>("{'metadata':{'annotations':{'kubernetes.io/config.mirror':'x'}},'spec':{}}");
        ServiceAccountAdmission.Apply(mirror).ShouldBeFalse();
        mirror.Spec.ServiceAccountName.ShouldBe("");
    }

    [Fact]
    public void LimitRanger_ChecksMinMaxAndRatio_WithUpstreamsWords()
    {
        var range = Parse<LimitRange>("""
            {'spec':{'limits':[
              {'type':'Container','min':{'memory':'64Mi'},'max':{'cpu':'2'},'maxLimitRequestRatio':{'cpu':'3'}},
              {'type':'Pod','max':{'memory':'1Gi'}}]}}
            """);
        var pod = Parse<Pod>("""
            {'spec':{'containers':[
              {'name':'a','resources':{'requests':{'cpu':'100m','memory':'600Mi'},'limits':{'cpu':'1','memory':'600Mi'}}},
              {'name':'b','resources':{'requests':{'cpu':'1'},'limits':{'cpu':'3','memory':'600Mi'}}}]}}
            """);
        LimitRanger.ValidatePod(range, pod).ShouldBe(
        [
            "cpu max limit to request ratio per Container is 3, but provided ratio is 10.000000",
            "minimum memory usage per Container is 64Mi.  No request is specified",
            "maximum cpu usage per Container is 2, but limit is 3",
            "maximum memory usage per Pod is 1Gi, but limit is 1200Mi",
        ], ignoreOrder: true);
    }

    [Fact]
    public void LimitRanger_DefaultsOnlyWhatIsUnset()
    {
        var range = Parse<LimitRange>("{'spec':{'limits':[{'type':'Container','default':{'cpu':'1','memory':'1Gi'},'defaultRequest':{'cpu':'500m'}}]}}");
        var pod = Parse<Pod>("{'spec':{'containers':[{'name':'a','resources':{'limits':{'memory':'2Gi'}}}]}}");
        LimitRanger.ApplyDefaults(range, pod).ShouldBeTrue();
        var resources = pod.Spec.Containers![0].Resources;
        resources.Limits!["memory"].ToString().ShouldBe("2Gi");
        resources.Limits["cpu"].ToString().ShouldBe("1");
        resources.Requests!["cpu"].ToString().ShouldBe("500m");
        pod.Metadata.Annotations![LimitRanger.Annotation].ShouldBe("LimitRanger plugin set: cpu request for container a; cpu limit for container a");
    }

    [Fact]
    public void PodEvaluator_CountsLivePods_WithInitContainersAndOverhead()
    {
        var evaluator = QuotaEvaluators.For(new GroupResource("", "pods"));
        var pod = Parse<Pod>("""
            {'spec':{'overhead':{'cpu':'10m'},
              'initContainers':[{'name':'i','resources':{'requests':{'cpu':'2','example.com/gpu':'1'}}}],
              'containers':[{'name':'a','resources':{'requests':{'cpu':'500m','memory':'1Gi'},'limits':{'memory':'2Gi'}}}]}}
            """);
        var usage = evaluator.Usage(pod, DateTimeOffset.UtcNow);
        QuotaMath.PrettyPrint(usage).ShouldBe(
            "count/pods=1,cpu=2010m,limits.memory=2Gi,memory=1Gi,pods=1,requests.cpu=2010m,requests.example.com/gpu=1,requests.memory=1Gi");
        pod.Status.Phase = "Succeeded";
        QuotaMath.PrettyPrint(evaluator.Usage(pod, DateTimeOffset.UtcNow)).ShouldBe("count/pods=1");
        evaluator.MatchingResources(["pods", "requests.cpu", "configmaps", "requests.example.com/gpu", "hugepages-2Mi"])
            .ShouldBe(["pods", "requests.cpu", "requests.example.com/gpu", "hugepages-2Mi"]);
    }

    [Fact]
    public void CalculateUsage_SumsTheObjectsInTheQuotasScopes()
    {
        var evaluator = QuotaEvaluators.For(new GroupResource("", "pods"));
        var quota = Parse<ResourceQuota>("{'spec':{'hard':{'pods':'10','requests.memory':'1Gi','secrets':'1'},'scopes':['NotBestEffort']}}");
        var pods = new IKubeMetaObject[]
        {
            Parse<Pod>("{'spec':{'containers':[{'name':'a','resources':{'requests':{'memory':'100Mi'}}}]}}"),
            Parse<Pod>("{'spec':{'containers':[{'name':'a','resources':{'requests':{'memory':'200Mi'}}}]}}"),
            Parse<Pod>("{'spec':{'containers':[{'name':'a'}]}}"),
        };
        QuotaMath.PrettyPrint(QuotaEvaluators.CalculateUsage(evaluator, quota, pods, DateTimeOffset.UtcNow)).ShouldBe("pods=2,requests.memory=300Mi");
        var secrets = QuotaEvaluators.For(new GroupResource("", "secrets"));
        QuotaMath.PrettyPrint(QuotaEvaluators.CalculateUsage(secrets, quota, [new Secret()], DateTimeOffset.UtcNow)).ShouldBe("secrets=0");
        QuotaEvaluators.For(new GroupResource("apps", "deployments")).MatchingResources(["count/deployments.apps", "pods"]).ShouldBe(["count/deployments.apps"]);
    }

    [Theory]
    [InlineData("Terminating", "", "{'activeDeadlineSeconds':30}", true)]
    [InlineData("Terminating", "", "{}", false)]
    [InlineData("NotTerminating", "", "{}", true)]
    [InlineData("BestEffort", "", "{}", true)]
    [InlineData("NotBestEffort", "", "{'containers':[{'name':'a','resources':{'limits':{'memory':'1Gi'}}}]}", true)]
    [InlineData("PriorityClass", "Exists", "{'priorityClassName':'high'}", true)]
    [InlineData("PriorityClass", "Exists", "{}", false)]
    [InlineData("PriorityClass", "In", "{'priorityClassName':'high'}", true)]
    [InlineData("PriorityClass", "In", "{'priorityClassName':'low'}", false)]
    [InlineData("PriorityClass", "NotIn", "{'priorityClassName':'low'}", true)]
    [InlineData("CrossNamespacePodAffinity", "", "{'affinity':{'podAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{'topologyKey':'k','namespaces':['x']}]}}}", true)]
    public void PodEvaluator_MatchesUpstreamsScopes(string scope, string op, string spec, bool matches)
    {
        var evaluator = QuotaEvaluators.For(new GroupResource("", "pods"));
        var requirement = new ScopedResourceSelectorRequirement { ScopeName = scope, Operator = op.Length == 0 ? "Exists" : op, Values = op is "In" or "NotIn" ? ["high"] : null };
        evaluator.MatchesScope(requirement, Parse<Pod>("{'spec':" + spec + "}")).ShouldBe(matches);
    }

    [Fact]
    public void ServiceAndClaimEvaluators_CountNodePortsAndStorage()
    {
        var services = QuotaEvaluators.For(new GroupResource("", "services"));
        var lb = Parse<Service>("{'spec':{'type':'LoadBalancer','allocateLoadBalancerNodePorts':false,'ports':[{'port':80,'nodePort':30001},{'port':81}]}}");
        QuotaMath.PrettyPrint(services.Usage(lb, DateTimeOffset.UtcNow)).ShouldBe("count/services=1,services=1,services.loadbalancers=1,services.nodeports=1");
        var claims = QuotaEvaluators.For(new GroupResource("", "persistentvolumeclaims"));
        var pvc = Parse<PersistentVolumeClaim>("{'spec':{'storageClassName':'fast','resources':{'requests':{'storage':'1Gi'}}},'status':{'allocatedResources':{'storage':'2Gi'}}}");
        QuotaMath.PrettyPrint(claims.Usage(pvc, DateTimeOffset.UtcNow)).ShouldBe(
            "count/persistentvolumeclaims=1,fast.storageclass.storage.k8s.io/persistentvolumeclaims=1,fast.storageclass.storage.k8s.io/requests.storage=2Gi,persistentvolumeclaims=1,requests.storage=2Gi");
    }

    [Fact]
    public void CalculateStatus_CoversEveryResourceTheQuotaNames()
    {
        var quota = Parse<ResourceQuota>("{'metadata':{'namespace':'n'},'spec':{'hard':{'pods':'5','count/deployments.apps':'3','configmaps':'4','example.com/other':'1'}}}");
        var objects = new Dictionary<GroupResource, IKubeMetaObject[]>
        {
            [new GroupResource("", "pods")] = [Parse<Pod>("{'spec':{}}"), Parse<Pod>("{'spec':{},'status':{'phase':'Failed'}}")],
            [new GroupResource("apps", "deployments")] = [new KubeSharp.Api.Apps.V1.Deployment()],
            [new GroupResource("", "configmaps")] = [new ConfigMap(), new ConfigMap()],
        };
        var status = QuotaEvaluators.CalculateStatus(quota, r => objects.TryGetValue(r, out var found) ? found : [], DateTimeOffset.UtcNow);
        QuotaMath.PrettyPrint(status.Used!).ShouldBe("configmaps=2,count/deployments.apps=1,example.com/other=0,pods=1");
        QuotaMath.PrettyPrint(status.Hard!).ShouldBe("configmaps=4,count/deployments.apps=3,example.com/other=1,pods=5");
    }

    [Fact]
    public void QuotaMath_ComparesOnlyWhatTheLimitNames()
    {
        QuotaMath.LessThanOrEqual(List(("pods", "3"), ("cpu", "2")), List(("pods", "2")), out var exceeded).ShouldBeFalse();
        exceeded.ShouldBe(["pods"]);
        QuotaMath.PrettyPrint(QuotaMath.SubtractWithNonNegativeResult(List(("a", "1")), List(("a", "3"), ("b", "1")))).ShouldBe("a=0,b=0");
    }
}
