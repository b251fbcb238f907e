using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>The replicaset/replicationcontroller controllers against the real API server, driven with kubectl.</summary>
public class ReplicationControllerTests(ControllersFixture fixture) : IClassFixture<ControllersFixture>
{
    private static string RcManifest(string name, string ns, int replicas) => $$"""
        apiVersion: v1
        kind: ReplicationController
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          replicas: {{replicas}}
          selector:
            app: {{name}}
          template:
            metadata:
              labels:
                app: {{name}}
            spec:
              containers:
              - name: c
                image: nginx:1.27
        """;

    private async Task CreateNamespaceAsync(string name)
    {
        var (code, _, stderr) = await fixture.KubectlAsync("create namespace " + name);
        code.ShouldBe(0, stderr);
    }

    private async Task<List<Pod>> PodsAsync(string ns, string selector)
        => [.. (await fixture.Client.Resource<Pod>(ns).ListAsync(new Client.ListParams { LabelSelector = selector })).Items];

    private static bool IsRunningAndReady(Pod p) => p.Status.Phase == "Running" && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    [Fact]
    public async Task Rc_KeepsReplicas_ReplacesDeletedPod_ReleasesRelabeledPod_AndReportsStatus()
    {
        const string ns = "rc-keep";
        await CreateNamespaceAsync(ns);
        var (code, _, stderr) = await fixture.KubectlAsync("apply -f -", RcManifest("web", ns, 3));
        code.ShouldBe(0, stderr);

        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync(ns, "app=web")).Count(IsRunningAndReady) == 3, "3 running pods");
        var rcClient = fixture.Client.Resource<ReplicationController>(ns);
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var rc = await rcClient.GetAsync("web");
            return rc.Status is { Replicas: 3, ReadyReplicas: 3, AvailableReplicas: 3, FullyLabeledReplicas: 3 } && rc.Status.ObservedGeneration == rc.Metadata.Generation;
        }, "rc status 3/3/3/3");
        var pods = await PodsAsync(ns, "app=web");
        pods.ShouldAllBe(p => p.Metadata.GenerateName == "web-" && p.Metadata.OwnerReferences!.Single().Kind == "ReplicationController" && p.Metadata.OwnerReferences!.Single().Controller == true);

        // kubectl delete pod: a replacement comes.
        var victim = pods[0].Metadata.Name;
        (code, _, stderr) = await fixture.KubectlAsync($"delete pod {victim} -n {ns}");
        code.ShouldBe(0, stderr);
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var now = await PodsAsync(ns, "app=web");
            return now.Count(IsRunningAndReady) == 3 && now.All(p => p.Metadata.Name != victim);
        }, "a replacement for the deleted pod");

        // A pod whose labels stop matching is released (no owner) and replaced.
        var relabeled = (await PodsAsync(ns, "app=web"))[0].Metadata.Name;
        (code, _, stderr) = await fixture.KubectlAsync($"label pod {relabeled} -n {ns} app=debug --overwrite");
        code.ShouldBe(0, stderr);
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var released = await fixture.Client.Resource<Pod>(ns).GetAsync(relabeled);
            return released.Metadata.OwnerReferences is not { Count: > 0 } && (await PodsAsync(ns, "app=web")).Count(IsRunningAndReady) == 3;
        }, "the relabeled pod released and replaced");

        // Scale down with kubectl scale: surplus pods go.
        (code, _, stderr) = await fixture.KubectlAsync($"scale rc web -n {ns} --replicas=1");
        code.ShouldBe(0, stderr);
        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync(ns, "app=web")).Count == 1 && (await rcClient.GetAsync("web")).Status.Replicas == 1, "scaled to 1");
    }

    [Fact]
    public async Task ReplicaSet_AdoptsMatchingOrphans_InsteadOfCreating()
    {
        const string ns = "rs-adopt";
        await CreateNamespaceAsync(ns);
        var pods = fixture.Client.Resource<Pod>(ns);
        for (var i = 0; i < 2; i++)
        {
            var orphan = new Pod { ApiVersion = "v1", Kind = "Pod" };
            orphan.Metadata.Name = "orphan-" + i;
            orphan.Metadata.Labels = new() { ["app"] = "adopt" };
            orphan.Spec.Containers = [new Container { Name = "c", Image = "nginx" }];
            await pods.CreateAsync(orphan);
        }
        var rs = new ReplicaSet { ApiVersion = "apps/v1", Kind = "ReplicaSet" };
        rs.Metadata.Name = "adopter";
        rs.Spec.Replicas = 3;
        rs.Spec.Selector = new LabelSelector { MatchLabels = new() { ["app"] = "adopt" } };
        rs.Spec.Template.Metadata.Labels = new() { ["app"] = "adopt" };
        rs.Spec.Template.Spec.Containers = [new Container { Name = "c", Image = "nginx" }];
        var created = await fixture.Client.Resource<ReplicaSet>(ns).CreateAsync(rs);

        await ControllersFixture.EventuallyAsync(async () =>
        {
            var all = await PodsAsync(ns, "app=adopt");
            return all.Count == 3 && all.All(p => p.Metadata.OwnerReferences?.SingleOrDefault(r => r.Controller == true)?.Uid == created.Metadata.Uid);
        }, "two orphans adopted and one pod created");
        (await pods.GetAsync("orphan-0")).Metadata.OwnerReferences!.Single().Kind.ShouldBe("ReplicaSet");
        // Stays at 3 (no double creates from expectations racing the cache).
        await Task.Delay(1000);
        (await PodsAsync(ns, "app=adopt")).Count.ShouldBe(3);
    }
}
