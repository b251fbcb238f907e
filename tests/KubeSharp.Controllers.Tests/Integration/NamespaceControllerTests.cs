using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>Issue 5's acceptance "Deleting a namespace removes everything inside, then the namespace", with /usr/bin/kubectl.</summary>
public class NamespaceControllerTests(ControllersFixture fixture) : IClassFixture<ControllersFixture>
{
    private const string KubectlDispatcher = "/usr/bin/kubectl";

    private Task<(int ExitCode, string Stdout, string Stderr)> Kubectl(string arguments, string? stdin = null)
        => fixture.RunKubectlAsync(KubectlDispatcher, arguments, stdin);

    [Fact]
    public async Task DeleteNamespace_RemovesEverythingInside_ThenTheNamespace()
    {
        const string ns = "ns-delete";
        var (code, _, stderr) = await Kubectl("create namespace " + ns);
        code.ShouldBe(0, stderr);
        foreach (var command in new[]
        {
            "create deployment web --image=nginx:1.27 --replicas=2 -n " + ns,
            "create configmap settings --from-literal=a=b -n " + ns,
            "create secret generic creds --from-literal=p=q -n " + ns,
            "create service clusterip web --tcp=80:80 -n " + ns,
        })
        {
            (code, _, stderr) = await Kubectl(command);
            code.ShouldBe(0, stderr);
        }
        var pods = fixture.Client.Resource<Pod>(ns);
        await ControllersFixture.EventuallyAsync(async () => (await pods.ListAsync()).Items.Count(p => p.Status.Phase == "Running") == 2, "2 running pods");

        // The default wait: kubectl returns once the namespace is gone.
        (code, var stdout, stderr) = await Kubectl("delete namespace " + ns);
        code.ShouldBe(0, stderr);
        stdout.ShouldContain($"namespace \"{ns}\" deleted");

        (await fixture.Client.Resource<Namespace>().TryGetAsync(ns)).ShouldBeNull();
        (await pods.ListAsync()).Items.ShouldBeEmpty();
        (await fixture.Client.Resource<Api.Apps.V1.Deployment>(ns).ListAsync()).Items.ShouldBeEmpty();
        (await fixture.Client.Resource<ReplicaSet>(ns).ListAsync()).Items.ShouldBeEmpty();
        (await fixture.Client.Resource<ConfigMap>(ns).ListAsync()).Items.ShouldBeEmpty();
        (await fixture.Client.Resource<Secret>(ns).ListAsync()).Items.ShouldBeEmpty();
        (await fixture.Client.Resource<Service>(ns).ListAsync()).Items.ShouldBeEmpty();
        (await fixture.Client.Resource<ServiceAccount>(ns).ListAsync()).Items.ShouldBeEmpty();
        (code, _, stderr) = await Kubectl("get namespace " + ns);
        code.ShouldNotBe(0);
        stderr.ShouldContain($"namespaces \"{ns}\" not found");
    }

    [Fact]
    public async Task ContentWithFinalizer_KeepsNamespaceTerminating_WithConditions_UntilRemoved()
    {
        const string ns = "ns-held";
        var (code, _, stderr) = await Kubectl("create namespace " + ns);
        code.ShouldBe(0, stderr);
        (code, _, stderr) = await Kubectl("apply -f -", $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: held
              namespace: {ns}
              finalizers: ["example.com/hold"]
            data:
              a: b
            """);
        code.ShouldBe(0, stderr);

        (code, _, stderr) = await Kubectl($"delete namespace {ns} --wait=false");
        code.ShouldBe(0, stderr);

        var namespaces = fixture.Client.Resource<Namespace>();
        NamespaceCondition? Condition(Namespace n, string type) => n.Status.Conditions?.FirstOrDefault(c => c.Type == type);
        Namespace? current = null;
        await ControllersFixture.EventuallyAsync(async () =>
        {
            current = await namespaces.GetAsync(ns);
            return Condition(current, "NamespaceFinalizersRemaining")?.Status == "True";
        }, "NamespaceFinalizersRemaining=True", TimeSpan.FromSeconds(60));
        current!.Status.Phase.ShouldBe("Terminating");
        current.Spec.Finalizers.ShouldBe(["kubernetes"]);
        var finalizers = Condition(current, "NamespaceFinalizersRemaining")!;
        finalizers.Reason.ShouldBe("SomeFinalizersRemain");
        finalizers.Message.ShouldBe("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances");
        var remaining = Condition(current, "NamespaceContentRemaining")!;
        remaining.Status.ShouldBe("True");
        remaining.Reason.ShouldBe("SomeResourcesRemain");
        remaining.Message.ShouldBe("Some resources are remaining: configmaps. has 1 resource instances");
        var content = Condition(current, "NamespaceDeletionContentFailure")!;
        content.Status.ShouldBe("False");
        content.Reason.ShouldBe("ContentDeleted");
        Condition(current, "NamespaceDeletionDiscoveryFailure")!.Status.ShouldBe("False");

        // kubectl describe shows the conditions as upstream's.
        (code, var described, stderr) = await Kubectl("describe namespace " + ns);
        code.ShouldBe(0, stderr);
        described.ShouldContain("Terminating");
        described.ShouldContain("NamespaceFinalizersRemaining");

        // The config map is marked for deletion but held.
        var held = await fixture.Client.Resource<ConfigMap>(ns).GetAsync("held");
        held.Metadata.DeletionTimestamp.ShouldNotBeNull();

        (code, _, stderr) = await Kubectl($"patch configmap held -n {ns} --type=merge -p {{\"metadata\":{{\"finalizers\":null}}}}");
        code.ShouldBe(0, stderr);
        await ControllersFixture.EventuallyAsync(async () => await namespaces.TryGetAsync(ns) is null, "namespace gone once the finalizer is removed", TimeSpan.FromSeconds(60));
    }
}
