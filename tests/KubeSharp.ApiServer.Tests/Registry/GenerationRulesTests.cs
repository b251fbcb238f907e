using System.Text;
using KubeSharp.Api;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Tests.Registry;

/// <summary>metadata.generation per kind, as upstream v1.32's strategies set it, through the resource's strategy.</summary>
public sealed class GenerationRulesTests
{
    private static readonly ResourceCatalog Catalog = new(ResourceRegistry.Default, Strategies.For);

    private static ResourceDefinition Resource(string group, string version, string plural)
    {
        Catalog.TryGet(group, version, plural, out var resource).ShouldBeTrue();
        return resource!;
    }

    private static IKubeMetaObject Decode(ResourceDefinition resource, string json)
    {
        var obj = (IKubeMetaObject)KubeJson.Deserialize(resource.Type, Encoding.UTF8.GetBytes(json));
        obj.Metadata.Uid = "6d2c8a4e-0000-4000-8000-000000000001";
        return obj;
    }

    private const string Deploy = """{"metadata":{"name":"d","namespace":"n"%META%},"spec":{"replicas":%R%,"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""";
    private const string Rs = """{"metadata":{"name":"r","namespace":"n"%META%},"spec":{"replicas":%R%,"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""";
    private const string Pod = """{"metadata":{"name":"p","namespace":"n"%META%},"spec":{"activeDeadlineSeconds":%R%,"containers":[{"name":"c","image":"i"}]}}""";
    private const string Cm = """{"metadata":{"name":"c","namespace":"n"%META%},"data":{"k":"%R%"}}""";
    private const string Svc = """{"metadata":{"name":"s","namespace":"n"%META%},"spec":{"ports":[{"port":%R%}]}}""";
    private const string Ns = """{"metadata":{"name":"ns"%META%},"spec":{"finalizers":["kubernetes%R%"]}}""";
    private const string Crd = """{"metadata":{"name":"foos.example.com"%META%},"spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"foos","kind":"Foo"},"versions":[{"name":"v%R%","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object"}}}]}}""";
    private const string Eps = """{"metadata":{"name":"e","namespace":"n"%META%},"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.%R%"]}]}""";
    private const string Vwc = """{"metadata":{"name":"w"%META%},"webhooks":[{"name":"a.example.com","clientConfig":{"url":"https://example.com/%R%"},"sideEffects":"None","admissionReviewVersions":["v1"]}]}""";
    private const string Job = """{"metadata":{"name":"j","namespace":"n"%META%},"spec":{"parallelism":%R%,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"i"}]}}}}""";

    public static TheoryData<string, string, string, string, string, string, long, long> Cases => new()
    {
        // group, version, plural, template, old (R|META), new (R|META), generation after create, after update
        { "apps", "v1", "deployments", Deploy, "1|", "2|", 1, 2 },
        { "apps", "v1", "deployments", Deploy, "1|", "1|,\"annotations\":{\"x\":\"y\"}", 1, 2 },
        { "apps", "v1", "deployments", Deploy, "1|", "1|,\"labels\":{\"x\":\"y\"}", 1, 1 },
        { "apps", "v1", "replicasets", Rs, "1|", "3|", 1, 2 },
        { "apps", "v1", "replicasets", Rs, "1|", "1|,\"annotations\":{\"x\":\"y\"}", 1, 1 },
        { "batch", "v1", "jobs", Job, "1|", "2|", 1, 2 },
        { "", "v1", "pods", Pod, "10|", "20|", 0, 0 },
        { "", "v1", "configmaps", Cm, "a|", "b|", 0, 0 },
        { "", "v1", "configmaps", Cm, "a|", "a|,\"generation\":7", 0, 0 },
        { "", "v1", "services", Svc, "80|", "81|", 0, 0 },
        { "", "v1", "namespaces", Ns, "|", "|", 0, 0 },
        { "apiextensions.k8s.io", "v1", "customresourcedefinitions", Crd, "1|", "2|", 1, 2 },
        { "apiextensions.k8s.io", "v1", "customresourcedefinitions", Crd, "1|", "1|,\"labels\":{\"x\":\"y\"}", 1, 1 },
        { "discovery.k8s.io", "v1", "endpointslices", Eps, "1|", "2|", 1, 2 },
        { "discovery.k8s.io", "v1", "endpointslices", Eps, "1|", "1|,\"labels\":{\"x\":\"y\"}", 1, 2 },
        { "discovery.k8s.io", "v1", "endpointslices", Eps, "1|", "1|,\"annotations\":{\"x\":\"y\"}", 1, 1 },
        { "admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", Vwc, "a|", "b|", 1, 2 },
        { "admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", Vwc, "a|", "a|,\"annotations\":{\"x\":\"y\"}", 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generation_FollowsUpstreamsStrategy(string group, string version, string plural, string template, string before, string after,
        long created, long updated)
    {
        var resource = Resource(group, version, plural);
        static string Fill(string template, string spec)
        {
            var parts = spec.Split('|', 2);
            return template.Replace("%R%", parts[0], StringComparison.Ordinal).Replace("%META%", parts[1], StringComparison.Ordinal);
        }
        var old = Decode(resource, Fill(template, before));
        resource.Strategy.PrepareForCreate(resource, old);
        resource.Strategy.Default(old);
        old.Metadata.Generation.ShouldBe(created);

        var next = Decode(resource, Fill(template, after));
        resource.Strategy.Default(next);
        resource.Strategy.PrepareForUpdate(resource, next, old);
        next.Metadata.Generation.ShouldBe(updated);
    }

    [Fact]
    public void MarkingForDeletion_BumpsAnExistingGenerationOnce()
    {
        var resource = Resource("apps", "v1", "deployments");
        var obj = Decode(resource, Deploy.Replace("%R%", "1", StringComparison.Ordinal).Replace("%META%", "", StringComparison.Ordinal));
        resource.Strategy.PrepareForCreate(resource, obj);
        GenerationRules.OnMarkedForDeletion(obj);
        obj.Metadata.Generation.ShouldBe(2);
        obj.Metadata.DeletionTimestamp = Time.FromUnix(1);
        GenerationRules.OnMarkedForDeletion(obj);
        obj.Metadata.Generation.ShouldBe(2);

        var cm = Decode(Resource("", "v1", "configmaps"), Cm.Replace("%R%", "a", StringComparison.Ordinal).Replace("%META%", "", StringComparison.Ordinal));
        GenerationRules.OnMarkedForDeletion(cm);
        cm.Metadata.Generation.ShouldBe(0);
    }
}
