using KubeSharp.Storage.Etcd.Tests;

namespace KubeSharp.Host.Tests;

/// <summary>The shipped binary end to end: each test starts its own processes on loopback and kills them.</summary>
public sealed class BinaryTests
{
    [Fact]
    public async Task Version_PrintsKubeSharpAndKubernetesVersions()
    {
        await using var binary = new KubesharpBinary();

        var (code, stdout, stderr) = await binary.RunAsync("version");

        code.ShouldBe(0, stderr);
        stdout.ShouldContain("KubeSharp");
        stdout.ShouldContain("v1.32");
    }

    [Fact]
    public async Task Server_WithSimulatedNodes_RunsADeploymentAndStopsCleanlyOnSigterm()
    {
        await using var binary = new KubesharpBinary();
        var server = await binary.StartServerAsync();
        var sim = binary.Start("sim", "--kubeconfig", binary.Kubeconfig, "--nodes", "2");

        await KubesharpBinary.EventuallyAsync(async () =>
            (await binary.KubectlOkAsync("get nodes --no-headers")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Count(l => l.Contains(" Ready ", StringComparison.Ordinal)) == 2,
            "two Ready simulated nodes");
        await binary.KubectlOkAsync("create deployment web --image=registry.local/web:1 --replicas=3");

        // The in-process controller manager creates the pods, the in-process scheduler binds them, the simulator runs them.
        await KubesharpBinary.EventuallyAsync(async () =>
        {
            var rows = (await binary.KubectlOkAsync("get pods -l app=web --no-headers -o custom-columns=PHASE:.status.phase,NODE:.spec.nodeName"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return rows.Length == 3 && rows.All(r => r.StartsWith("Running", StringComparison.Ordinal) && r.Contains("sim-node-", StringComparison.Ordinal));
        }, "three Running pods on simulated nodes");
        (await binary.KubectlOkAsync("get events --field-selector reason=Scheduled -o name")).ShouldNotBeNullOrWhiteSpace();

        // Server-side apply with its managedFields.
        await binary.KubectlOkAsync("apply --server-side -f -", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              mode: fast
            """);
        (await binary.KubectlOkAsync("get configmap settings -o jsonpath={.metadata.managedFields[0].manager}")).ShouldBe("kubectl");

        // Deleting the Deployment lets the garbage collector remove its ReplicaSet and pods.
        await binary.KubectlOkAsync("delete deployment web");
        await KubesharpBinary.EventuallyAsync(
            async () => (await binary.KubectlOkAsync("get pods -l app=web -o name")).Trim().Length == 0, "the pods to be deleted");

        (await KubesharpBinary.StopAsync(sim)).ShouldBe(0, sim.Stderr);
        (await KubesharpBinary.StopAsync(server)).ShouldBe(0, server.Stderr);
    }

    [Fact]
    public async Task Server_OnEtcd_KeepsObjectsAcrossARestart()
    {
        await using var etcd = await EtcdServer.StartAsync();
        await using var binary = new KubesharpBinary();
        string[] onEtcd = ["--datastore-endpoint", $"etcd://127.0.0.1:{etcd.ClientPort}", "--disable-controller-manager", "--disable-scheduler"];
        var server = await binary.StartServerAsync(null, onEtcd);

        await binary.KubectlOkAsync("create configmap kept --from-literal=a=b");
        (await etcd.EtcdctlAsync("get", "--prefix", "--keys-only", "/registry/configmaps/default/kept")).ShouldContain("/registry/configmaps/default/kept");
        (await KubesharpBinary.StopAsync(server)).ShouldBe(0, server.Stderr);

        await binary.StartServerAsync(Path.Combine(binary.Root, "data-2"), onEtcd);
        (await binary.KubectlOkAsync("get configmap kept -o jsonpath={.data.a}")).ShouldBe("b");
    }

    [Fact]
    public async Task Scheduler_Standalone_SchedulesForTheProfilesOfItsConfigFile()
    {
        await using var binary = new KubesharpBinary();
        await binary.StartServerAsync(null, "--disable-scheduler");
        var config = Path.Combine(binary.Root, "scheduler.yaml");
        await File.WriteAllTextAsync(config, """
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            leaderElection:
              leaderElect: false
            profiles:
            - schedulerName: default-scheduler
            - schedulerName: bin-packing
              plugins:
                score:
                  disabled:
                  - name: NodeResourcesBalancedAllocation
              pluginConfig:
              - name: NodeResourcesFit
                args:
                  scoringStrategy:
                    type: MostAllocated
            """);
        binary.Start("scheduler", "--kubeconfig", binary.Kubeconfig, "--config", config);
        binary.Start("sim", "--kubeconfig", binary.Kubeconfig, "--nodes", "1");

        await binary.KubectlOkAsync("apply -f -", """
            apiVersion: v1
            kind: Pod
            metadata:
              name: packed
            spec:
              schedulerName: bin-packing
              containers:
              - name: app
                image: registry.local/app:1
            """);

        await KubesharpBinary.EventuallyAsync(
            async () => (await binary.KubectlOkAsync("get pod packed -o jsonpath={.spec.nodeName}")) == "sim-node-0", "the pod to be bound");
        (await binary.KubectlOkAsync("get events --field-selector involvedObject.name=packed,reason=Scheduled -o jsonpath={.items[0].reportingComponent}"))
            .ShouldBe("bin-packing");
    }
}
