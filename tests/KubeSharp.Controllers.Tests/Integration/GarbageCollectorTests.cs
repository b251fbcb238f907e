using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>Issue 5's RC acceptance with /usr/bin/kubectl: delete rc (background), --cascade=orphan, --cascade=foreground.</summary>
public class GarbageCollectorTests(ControllersFixture fixture) : IClassFixture<ControllersFixture>
{
    private const string KubectlDispatcher = "/usr/bin/kubectl";

    private Task<(int ExitCode, string Stdout, string Stderr)> Kubectl(string arguments, string? stdin = null)
        => fixture.RunKubectlAsync(KubectlDispatcher, arguments, stdin);

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

    private async Task<List<Pod>> PodsAsync(string ns, string selector)
        => [.. (await fixture.Client.Resource<Pod>(ns).ListAsync(new Client.ListParams { LabelSelector = selector })).Items];

    private async Task<string> CreateRcWithRunningPodsAsync(string ns, string name, int replicas)
    {
        var (code, _, stderr) = await Kubectl("create namespace " + ns);
        code.ShouldBe(0, stderr);
        (code, _, stderr) = await Kubectl("apply -f -", RcManifest(name, ns, replicas));
        code.ShouldBe(0, stderr);
        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync(ns, "app=" + name)).Count(p => p.Status.Phase == "Running") == replicas, $"{replicas} running pods of {name}");
        return (await fixture.Client.Resource<ReplicationController>(ns).GetAsync(name)).Metadata.Uid;
    }

    [Fact]
    public async Task DeleteRc_Background_DeletesItsPods()
    {
        await CreateRcWithRunningPodsAsync("gc-background", "web", 3);
        var (code, stdout, stderr) = await Kubectl("delete rc web -n gc-background");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("replicationcontroller \"web\" deleted");
        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync("gc-background", "app=web")).Count == 0, "pods garbage collected");
    }

    [Fact]
    public async Task DeleteRc_CascadeOrphan_KeepsPodsWithoutOwner()
    {
        var uid = await CreateRcWithRunningPodsAsync("gc-orphan", "web", 2);
        var (code, _, stderr) = await Kubectl("delete rc web -n gc-orphan --cascade=orphan");
        code.ShouldBe(0, stderr);
        // kubectl waits for the RC to be gone: the orphan finalizer has been processed by then.
        (await fixture.Client.Resource<ReplicationController>("gc-orphan").TryGetAsync("web")).ShouldBeNull();
        var pods = await PodsAsync("gc-orphan", "app=web");
        pods.Count.ShouldBe(2);
        pods.ShouldAllBe(p => p.Metadata.OwnerReferences == null || p.Metadata.OwnerReferences.All(r => r.Uid != uid));
        // And they stay.
        await Task.Delay(1500);
        (await PodsAsync("gc-orphan", "app=web")).Count.ShouldBe(2);
    }

    [Fact]
    public async Task DeleteRc_CascadeForeground_RemovesPodsBeforeTheRc()
    {
        await CreateRcWithRunningPodsAsync("gc-foreground", "web", 3);
        var rcs = fixture.Client.Resource<ReplicationController>("gc-foreground");
        // Watch the RC while deleting: whenever it is still there (with the foregroundDeletion finalizer), pods may
        // remain; once it is gone, none may remain.
        var (code, _, stderr) = await Kubectl("delete rc web -n gc-foreground --cascade=foreground");
        code.ShouldBe(0, stderr);
        (await rcs.TryGetAsync("web")).ShouldBeNull();
        (await PodsAsync("gc-foreground", "app=web")).ShouldBeEmpty();
    }

    [Fact]
    public async Task CascadeForeground_RcStaysWithFinalizerWhileBlockingPodsExist()
    {
        await CreateRcWithRunningPodsAsync("gc-fg-block", "web", 1);
        var pods = fixture.Client.Resource<Pod>("gc-fg-block");
        // A pod finalizer keeps the pod (and so the RC, which it blocks) around.
        var pod = (await PodsAsync("gc-fg-block", "app=web")).Single();
        await pods.PatchAsync(pod.Metadata.Name, Client.PatchType.Merge, """{"metadata":{"finalizers":["example.com/hold"]}}""");
        var rcs = fixture.Client.Resource<ReplicationController>("gc-fg-block");
        await rcs.DeleteAsync("web", new DeleteOptions { PropagationPolicy = "Foreground" });
        await ControllersFixture.EventuallyAsync(async () => (await pods.GetAsync(pod.Metadata.Name)).Metadata.DeletionTimestamp is not null, "pod deletion requested");
        var rc = await rcs.GetAsync("web");
        rc.Metadata.DeletionTimestamp.ShouldNotBeNull();
        rc.Metadata.Finalizers!.ShouldContain("foregroundDeletion");

        await pods.PatchAsync(pod.Metadata.Name, Client.PatchType.Merge, """{"metadata":{"finalizers":null}}""");
        await ControllersFixture.EventuallyAsync(async () => await rcs.TryGetAsync("web") is null, "RC removed once its pod is gone");
    }

    [Fact]
    public async Task DependentWithASolidOwner_OnlyLosesTheReferenceToTheMissingOwner()
    {
        var (code, _, stderr) = await Kubectl("create namespace gc-solid");
        code.ShouldBe(0, stderr);
        var configMaps = fixture.Client.Resource<ConfigMap>("gc-solid");
        var solid = new ConfigMap();
        solid.Metadata.Name = "solid-owner";
        solid = await configMaps.CreateAsync(solid);
        var dependent = new ConfigMap();
        dependent.Metadata.Name = "dependent";
        dependent.Metadata.OwnerReferences =
        [
            new OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "solid-owner", Uid = solid.Metadata.Uid },
            new OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "never-existed", Uid = "00000000-0000-0000-0000-000000000001" },
        ];
        await configMaps.CreateAsync(dependent);
        await ControllersFixture.EventuallyAsync(async () => (await configMaps.GetAsync("dependent")).Metadata.OwnerReferences?.Count == 1, "dangling reference removed");
        (await configMaps.GetAsync("dependent")).Metadata.OwnerReferences!.Single().Uid.ShouldBe(solid.Metadata.Uid);

        // Deleting the last owner collects the dependent.
        await configMaps.DeleteAsync("solid-owner");
        await ControllersFixture.EventuallyAsync(async () => await configMaps.TryGetAsync("dependent") is null, "dependent collected");
    }
}
