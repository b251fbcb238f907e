using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Scheduler.Runtime;

namespace KubeSharp.Scheduler.Tests;

/// <summary>upstream helper.DefaultSelector's cases (plugins/helper/spread_test.go): Services that select the pod, then
/// the pod's ReplicationController, ReplicaSet or StatefulSet.</summary>
public class DefaultSpreadSelectorTests
{
    private readonly ThreadSafeIndexer<Service> _services = ThreadSafeIndexer.WithNamespaceIndex(ObjectAdapter.For<Service>());
    private readonly ThreadSafeIndexer<ReplicationController> _rcs = ThreadSafeIndexer.WithNamespaceIndex(ObjectAdapter.For<ReplicationController>());
    private readonly ThreadSafeIndexer<ReplicaSet> _rss = ThreadSafeIndexer.WithNamespaceIndex(ObjectAdapter.For<ReplicaSet>());
    private readonly ThreadSafeIndexer<StatefulSet> _sss = ThreadSafeIndexer.WithNamespaceIndex(ObjectAdapter.For<StatefulSet>());

    private string SelectorOf(string podYaml) =>
        new DefaultSpreadSelector(
            new Lister<Service>(_services, ObjectAdapter.For<Service>()),
            new Lister<ReplicationController>(_rcs, ObjectAdapter.For<ReplicationController>()),
            new Lister<ReplicaSet>(_rss, ObjectAdapter.For<ReplicaSet>()),
            new Lister<StatefulSet>(_sss, ObjectAdapter.For<StatefulSet>()))
        .For(St.FromYaml<Pod>(podYaml)).ToString();

    private const string WebPod = "metadata: {name: p, namespace: ns, labels: {app: web, tier: fe, pod-template-hash: abc}}";

    private static string Owned(string apiVersion, string kind, string name) =>
        $"metadata: {{name: p, namespace: ns, labels: {{app: web, tier: fe}}, ownerReferences: [{{apiVersion: {apiVersion}, kind: {kind}, name: {name}, uid: u1, controller: true}}]}}";

    [Fact]
    public void NoServiceAndNoController_IsEmpty() => SelectorOf(WebPod).ShouldBe("");

    [Fact]
    public void ServicesSelectingThePod_AreMerged_OthersIgnored()
    {
        _services.AddOrUpdate(St.FromYaml<Service>("metadata: {name: s1, namespace: ns}\nspec: {selector: {app: web}}"));
        _services.AddOrUpdate(St.FromYaml<Service>("metadata: {name: s2, namespace: ns}\nspec: {selector: {tier: fe}}"));
        _services.AddOrUpdate(St.FromYaml<Service>("metadata: {name: other, namespace: ns}\nspec: {selector: {app: db}}"));
        _services.AddOrUpdate(St.FromYaml<Service>("metadata: {name: elsewhere, namespace: ns2}\nspec: {selector: {app: web, zone: x}}"));
        _services.AddOrUpdate(St.FromYaml<Service>("metadata: {name: headless, namespace: ns}\nspec: {clusterIP: None}"));

        SelectorOf(WebPod).ShouldBe("app=web,tier=fe");
    }

    [Fact]
    public void ReplicaSetOwner_AddsItsRequirements_AfterTheServices()
    {
        _services.AddOrUpdate(St.FromYaml<Service>("metadata: {name: s1, namespace: ns}\nspec: {selector: {app: web}}"));
        _rss.AddOrUpdate(St.FromYaml<ReplicaSet>("metadata: {name: rs, namespace: ns}\nspec: {selector: {matchLabels: {tier: fe}, matchExpressions: [{key: track, operator: NotIn, values: [canary]}]}, template: {}}"));

        SelectorOf(Owned("apps/v1", "ReplicaSet", "rs")).ShouldBe("app=web,tier=fe,track notin (canary)");
    }

    [Fact]
    public void StatefulSetOwner_AddsItsRequirements()
    {
        _sss.AddOrUpdate(St.FromYaml<StatefulSet>("metadata: {name: ss, namespace: ns}\nspec: {selector: {matchLabels: {app: web}}, template: {}}"));

        SelectorOf(Owned("apps/v1", "StatefulSet", "ss")).ShouldBe("app=web");
    }

    [Fact]
    public void ReplicationControllerOwner_MergesItsSelectorIntoTheServices()
    {
        _services.AddOrUpdate(St.FromYaml<Service>("metadata: {name: s1, namespace: ns}\nspec: {selector: {app: web}}"));
        _rcs.AddOrUpdate(St.FromYaml<ReplicationController>("metadata: {name: rc, namespace: ns}\nspec: {selector: {tier: fe}}"));

        SelectorOf(Owned("v1", "ReplicationController", "rc")).ShouldBe("app=web,tier=fe");
    }

    [Fact]
    public void OtherOwnerKinds_OrAMissingController_AddNothing()
    {
        _rss.AddOrUpdate(St.FromYaml<ReplicaSet>("metadata: {name: rs, namespace: ns}\nspec: {selector: {matchLabels: {app: web}}, template: {}}"));

        SelectorOf(Owned("batch/v1", "Job", "rs")).ShouldBe("");
        SelectorOf(Owned("apps/v1", "ReplicaSet", "missing")).ShouldBe("");
        SelectorOf(Owned("apps/v1", "ReplicaSet", "rs")).ShouldBe("app=web");
    }
}
