using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>Issue 5's Deployment acceptance with /usr/bin/kubectl: create, rollout status, set image (maxUnavailable
/// respected at every watched step), rollout history/undo, scale, rollout restart, pause/resume.</summary>
public class DeploymentControllerTests(ControllersFixture fixture) : IClassFixture<ControllersFixture>
{
    private const string Ns = "deploy";

    private async Task<string> Kubectl(string arguments)
    {
        var (code, stdout, stderr) = await fixture.RunKubectlAsync("/usr/bin/kubectl", arguments);
        code.ShouldBe(0, $"kubectl {arguments}: {stderr}");
        return stdout;
    }

    private static bool IsReady(Pod p)
        => p.Metadata.DeletionTimestamp is null && p.Status.Phase == "Running" && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private async Task<List<Pod>> PodsAsync() => [.. (await fixture.Client.Resource<Pod>(Ns).ListAsync(new ListParams { LabelSelector = "app=web" })).Items];

    private async Task<Api.Apps.V1.Deployment> DeploymentAsync() => await fixture.Client.Resource<Api.Apps.V1.Deployment>(Ns).GetAsync("web");

    [Fact]
    public async Task Deployment_RollsOutUpdatesUndoesScalesRestartsAndPauses()
    {
        await Kubectl("create namespace " + Ns);
        await Kubectl($"create deployment web -n {Ns} --image=nginx:1.27 --replicas=3");
        (await Kubectl($"rollout status deployment/web -n {Ns} --timeout=60s")).ShouldContain("successfully rolled out");
        (await PodsAsync()).Count(IsReady).ShouldBe(3);
        var d = await DeploymentAsync();
        d.Metadata.Annotations!["deployment.kubernetes.io/revision"].ShouldBe("1");
        d.Status.Conditions!.Single(c => c.Type == "Available").Status.ShouldBe("True");
        d.Status.Conditions!.Single(c => c.Type == "Progressing").Reason.ShouldBe("NewReplicaSetAvailable");

        // Watch pods through the update: with 3 replicas and 25%/25%, maxUnavailable resolves to 0 and maxSurge to 1.
        var list = await fixture.Client.Resource<Pod>(Ns).ListAsync(new ListParams { LabelSelector = "app=web" });
        var pods = list.Items.ToDictionary(p => p.Metadata.Name);
        var minReady = int.MaxValue;
        using var stopWatch = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            try
            {
                await foreach (var ev in fixture.Client.Resource<Pod>(Ns).WatchAsync(new ListParams { LabelSelector = "app=web", ResourceVersion = list.ResourceVersion }, stopWatch.Token))
                {
                    if (ev.Type == WatchEventType.Deleted)
                    {
                        pods.Remove(ev.Object.Metadata.Name);
                    }
                    else if (ev.Type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        pods[ev.Object.Metadata.Name] = ev.Object;
                    }
                    minReady = Math.Min(minReady, pods.Values.Count(IsReady));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        // maxSurge bounds the ReplicaSets' desired replicas (upstream's NewRSNewReplicas sums spec.replicas), not the
        // pod count: an old pod whose ReplicaSet was already scaled down may still exist for a moment beside the new one.
        var rsList = await fixture.Client.Resource<ReplicaSet>(Ns).ListAsync();
        var specs = rsList.Items.ToDictionary(r => r.Metadata.Name, r => r.Spec.Replicas ?? 0);
        var maxDesired = 0;
        var rsWatch = Task.Run(async () =>
        {
            try
            {
                await foreach (var ev in fixture.Client.Resource<ReplicaSet>(Ns).WatchAsync(new ListParams { ResourceVersion = rsList.ResourceVersion }, stopWatch.Token))
                {
                    if (ev.Type == WatchEventType.Deleted)
                    {
                        specs.Remove(ev.Object.Metadata.Name);
                    }
                    else if (ev.Type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        specs[ev.Object.Metadata.Name] = ev.Object.Spec.Replicas ?? 0;
                    }
                    maxDesired = Math.Max(maxDesired, specs.Values.Sum());
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        await Kubectl($"set image deployment/web -n {Ns} nginx=nginx:1.28");
        await Kubectl($"rollout status deployment/web -n {Ns} --timeout=60s");
        await Task.Delay(500);
        await stopWatch.CancelAsync();
        await watch;
        await rsWatch;
        minReady.ShouldBe(3);
        maxDesired.ShouldBe(4);
        (await PodsAsync()).Where(IsReady).ShouldAllBe(p => p.Spec.Containers![0].Image == "nginx:1.28");

        var history = await Kubectl($"rollout history deployment/web -n {Ns}");
        history.ShouldContain("1 ");
        history.ShouldContain("2 ");

        await Kubectl($"rollout undo deployment/web -n {Ns}");
        await Kubectl($"rollout status deployment/web -n {Ns} --timeout=60s");
        d = await DeploymentAsync();
        d.Spec.Template.Spec.Containers![0].Image.ShouldBe("nginx:1.27");
        d.Metadata.Annotations!["deployment.kubernetes.io/revision"].ShouldBe("3");
        var replicaSets = (await fixture.Client.Resource<ReplicaSet>(Ns).ListAsync()).Items;
        replicaSets.Count.ShouldBe(2);
        replicaSets.Single(rs => rs.Spec.Template.Spec.Containers![0].Image == "nginx:1.27").Metadata.Annotations!["deployment.kubernetes.io/revision-history"].ShouldBe("1");

        await Kubectl($"scale deployment/web -n {Ns} --replicas=5");
        await Kubectl($"rollout status deployment/web -n {Ns} --timeout=60s");
        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync()).Count(IsReady) == 5, "5 ready pods");

        await Kubectl($"rollout restart deployment/web -n {Ns}");
        await Kubectl($"rollout status deployment/web -n {Ns} --timeout=60s");
        (await fixture.Client.Resource<ReplicaSet>(Ns).ListAsync()).Items.Count.ShouldBe(3);
        (await DeploymentAsync()).Metadata.Annotations!["deployment.kubernetes.io/revision"].ShouldBe("4");

        await Kubectl($"rollout pause deployment/web -n {Ns}");
        await Kubectl($"set image deployment/web -n {Ns} nginx=nginx:1.29");
        await Task.Delay(1500);
        (await PodsAsync()).ShouldAllBe(p => p.Spec.Containers![0].Image != "nginx:1.29");
        await ControllersFixture.EventuallyAsync(async () => (await DeploymentAsync()).Status.Conditions!.Any(c => c.Type == "Progressing" && c.Reason == "DeploymentPaused"), "paused condition");
        await Kubectl($"rollout resume deployment/web -n {Ns}");
        await Kubectl($"rollout status deployment/web -n {Ns} --timeout=60s");
        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync()).Where(IsReady).Count(p => p.Spec.Containers![0].Image == "nginx:1.29") == 5, "5 pods on nginx:1.29");
    }

    [Fact]
    public async Task Recreate_RemovesOldPodsBeforeCreatingNewOnes()
    {
        const string ns = "deploy-recreate";
        var (code, _, stderr) = await fixture.RunKubectlAsync("/usr/bin/kubectl", "create namespace " + ns);
        code.ShouldBe(0, stderr);
        (code, _, stderr) = await fixture.RunKubectlAsync("/usr/bin/kubectl", "apply -f -", $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: rec, namespace: {{ns}}}
            spec:
              replicas: 2
              strategy: {type: Recreate}
              selector:
                matchLabels: {app: rec}
              template:
                metadata:
                  labels: {app: rec}
                spec:
                  containers:
                  - {name: c, image: "busybox:1"}
            """);
        code.ShouldBe(0, stderr);
        (code, _, stderr) = await fixture.RunKubectlAsync("/usr/bin/kubectl", $"rollout status deployment/rec -n {ns} --timeout=60s");
        code.ShouldBe(0, stderr);
        var podClient = fixture.Client.Resource<Pod>(ns);
        var list = await podClient.ListAsync();
        var live = list.Items.ToDictionary(p => p.Metadata.Name);
        var mixed = false;
        using var stopWatch = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            try
            {
                await foreach (var ev in podClient.WatchAsync(new ListParams { ResourceVersion = list.ResourceVersion }, stopWatch.Token))
                {
                    if (ev.Type == WatchEventType.Deleted)
                    {
                        live.Remove(ev.Object.Metadata.Name);
                    }
                    else if (ev.Type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        live[ev.Object.Metadata.Name] = ev.Object;
                    }
                    mixed |= live.Values.Select(p => p.Spec.Containers![0].Image).Distinct().Count() > 1;
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        (code, _, stderr) = await fixture.RunKubectlAsync("/usr/bin/kubectl", $"set image deployment/rec -n {ns} c=busybox:2");
        code.ShouldBe(0, stderr);
        (code, _, stderr) = await fixture.RunKubectlAsync("/usr/bin/kubectl", $"rollout status deployment/rec -n {ns} --timeout=60s");
        code.ShouldBe(0, stderr);
        await Task.Delay(300);
        await stopWatch.CancelAsync();
        await watch;
        mixed.ShouldBeFalse();
        (await podClient.ListAsync()).Items.ShouldAllBe(p => p.Spec.Containers![0].Image == "busybox:2");
    }
}
