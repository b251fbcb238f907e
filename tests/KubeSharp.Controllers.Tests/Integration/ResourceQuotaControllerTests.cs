using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Quota;
using KubeSharp.Client;
using Quota = KubeSharp.Api.Core.V1.ResourceQuota;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>The resource quota controller against the real API server: status.hard and status.used, replenishment on
/// deletes and finished pods, scopes, kubectl's views, and the admission check on the controller's numbers.</summary>
public class ResourceQuotaControllerTests(ControllersFixture fixture) : IClassFixture<ControllersFixture>
{
    private async Task KubectlOkAsync(string args, string? stdin = null)
    {
        var (code, _, stderr) = await fixture.KubectlAsync(args, stdin);
        code.ShouldBe(0, stderr);
    }

    private Task<Quota> QuotaAsync(string ns, string name) => fixture.Client.Resource<Quota>(ns).GetAsync(name);

    private static bool UsedIs(Quota quota, params (string Name, string Value)[] expected)
        => QuotaMath.Equal(quota.Status.Hard, quota.Spec.Hard) && quota.Status.Used is { } used && used.Count == expected.Length
            && expected.All(e => used.TryGetValue(e.Name, out var q) && q.Cmp(Quantity.Parse(e.Value)) == 0);

    private Task WaitUsedAsync(string ns, string name, params (string Name, string Value)[] expected)
        => ControllersFixture.EventuallyAsync(async () => UsedIs(await QuotaAsync(ns, name), expected),
            $"{name} used = {string.Join(",", expected.Select(e => e.Name + "=" + e.Value))}", TimeSpan.FromSeconds(60));

    private static string PodManifest(string ns, string name, string? cpu) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
          containers:
          - name: c
            image: nginx:1.27
        {{(cpu is null ? "" : $"    resources: {{requests: {{cpu: {cpu}}}, limits: {{cpu: {cpu}}}}}")}}
        """;

    [Fact]
    public async Task Quota_StatusFilledIn_AdmissionAgrees_UsageDropsOnDelete_KubectlShowsIt()
    {
        const string ns = "quota-basic";
        await KubectlOkAsync("create namespace " + ns);
        var existingConfigMaps = (await fixture.Client.Resource<ConfigMap>(ns).ListAsync()).Items.Count;
        await KubectlOkAsync("apply -f -", $$"""
            apiVersion: v1
            kind: ResourceQuota
            metadata: {name: q, namespace: {{ns}}}
            spec:
              hard:
                pods: "3"
                configmaps: "5"
                requests.cpu: "1"
                count/deployments.apps: "2"
            """);
        await WaitUsedAsync(ns, "q", ("pods", "0"), ("configmaps", existingConfigMaps.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("requests.cpu", "0"), ("count/deployments.apps", "0"));

        await KubectlOkAsync($"create configmap a -n {ns} --from-literal=k=v");
        await KubectlOkAsync($"create configmap b -n {ns} --from-literal=k=v");
        foreach (var name in new[] { "p1", "p2", "p3" })
        {
            await KubectlOkAsync("apply -f -", PodManifest(ns, name, "200m"));
        }
        await KubectlOkAsync($"create deployment d -n {ns} --image=nginx:1.27 --replicas=0");
        var cms = (existingConfigMaps + 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await WaitUsedAsync(ns, "q", ("pods", "3"), ("configmaps", cms), ("requests.cpu", "600m"), ("count/deployments.apps", "1"));

        // Admission refuses the fourth pod on the controller's numbers, with upstream's message.
        var (code, _, stderr) = await fixture.KubectlAsync("apply -f -", PodManifest(ns, "p4", "100m"));
        code.ShouldNotBe(0);
        stderr.ShouldContain("pods \"p4\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3");
        // Without a cpu request the quota cannot measure the pod.
        (code, _, stderr) = await fixture.KubectlAsync("apply -f -", PodManifest(ns, "p5", null));
        code.ShouldNotBe(0);
        stderr.ShouldContain("failed quota: q: must specify requests.cpu for: c");

        (code, var stdout, stderr) = await fixture.KubectlAsync($"get quota q -n {ns}");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain($"configmaps: {cms}/5, count/deployments.apps: 1/2, pods: 3/3, requests.cpu: 600m/1");
        (code, stdout, stderr) = await fixture.KubectlAsync($"describe quota q -n {ns}");
        code.ShouldBe(0, stderr);
        stdout.ShouldMatch(@"Resource\s+Used\s+Hard");
        stdout.ShouldMatch(@"pods\s+3\s+3");
        stdout.ShouldMatch(@"requests\.cpu\s+600m\s+1");

        // Deletes are replenished by the controller (admission charges creates only).
        await KubectlOkAsync($"delete pod p1 p2 -n {ns} --wait=false");
        await KubectlOkAsync($"delete configmap a -n {ns}");
        await KubectlOkAsync($"delete deployment d -n {ns}");
        await WaitUsedAsync(ns, "q", ("pods", "1"), ("configmaps", (existingConfigMaps + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("requests.cpu", "200m"), ("count/deployments.apps", "0"));
        await KubectlOkAsync("apply -f -", PodManifest(ns, "p4", "100m"));

        // A spec change is a full recalculation, status.hard follows.
        await KubectlOkAsync($"patch quota q -n {ns} --type=merge -p {{\"spec\":{{\"hard\":{{\"pods\":\"10\",\"secrets\":\"4\"}}}}}}");
        var secrets = (await fixture.Client.Resource<Secret>(ns).ListAsync()).Items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await WaitUsedAsync(ns, "q", ("pods", "2"), ("configmaps", (existingConfigMaps + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("requests.cpu", "300m"), ("count/deployments.apps", "0"), ("secrets", secrets));
        (await QuotaAsync(ns, "q")).Status.Hard!["pods"].ToString().ShouldBe("10");
    }

    [Fact]
    public async Task ScopedQuotas_CountTheirPods_FinishedPodsAreReplenished()
    {
        const string ns = "quota-scopes";
        await KubectlOkAsync("create namespace " + ns);
        await KubectlOkAsync("apply -f -", $$"""
            apiVersion: v1
            kind: ResourceQuota
            metadata: {name: best-effort, namespace: {{ns}}}
            spec:
              hard: {pods: "5", count/pods: "5"}
              scopes: [BestEffort]
            ---
            apiVersion: v1
            kind: ResourceQuota
            metadata: {name: not-best-effort, namespace: {{ns}}}
            spec:
              hard: {pods: "5", limits.cpu: "2"}
              scopes: [NotBestEffort]
            ---
            apiVersion: v1
            kind: ResourceQuota
            metadata: {name: high, namespace: {{ns}}}
            spec:
              hard: {pods: "5"}
              scopeSelector:
                matchExpressions:
                - {scopeName: PriorityClass, operator: In, values: [quota-test-high]}
            """);
        await WaitUsedAsync(ns, "best-effort", ("pods", "0"), ("count/pods", "0"));
        await WaitUsedAsync(ns, "not-best-effort", ("pods", "0"), ("limits.cpu", "0"));
        await WaitUsedAsync(ns, "high", ("pods", "0"));

        await KubectlOkAsync("apply -f -", PodManifest(ns, "be", null));
        await KubectlOkAsync("apply -f -", PodManifest(ns, "nbe1", "250m"));
        await KubectlOkAsync("apply -f -", PodManifest(ns, "nbe2", "500m"));
        var high = new Api.Scheduling.V1.PriorityClass { ApiVersion = "scheduling.k8s.io/v1", Kind = "PriorityClass", Value = 1000 };
        high.Metadata.Name = "quota-test-high";
        await fixture.Client.Resource<Api.Scheduling.V1.PriorityClass>().CreateAsync(high);
        var critical = new Pod { ApiVersion = "v1", Kind = "Pod" };
        critical.Metadata.Name = "critical";
        critical.Spec.PriorityClassName = "quota-test-high";
        critical.Spec.Containers = [new Container { Name = "c", Image = "nginx:1.27" }];
        await fixture.Client.Resource<Pod>(ns).CreateAsync(critical);
        await WaitUsedAsync(ns, "best-effort", ("pods", "2"), ("count/pods", "2"));
        await WaitUsedAsync(ns, "not-best-effort", ("pods", "2"), ("limits.cpu", "750m"));
        await WaitUsedAsync(ns, "high", ("pods", "1"));

        // A finished pod stops using compute quota (pods), but it still exists (count/pods).
        var pods = fixture.Client.Resource<Pod>(ns);
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var pod = await pods.GetAsync("be");
            if (pod.Status.Phase != "Running")
            {
                return false;
            }
            pod.Status.Phase = "Succeeded";
            try
            {
                await pods.UpdateStatusAsync(pod);
                return true;
            }
            catch (KubeApiException e) when (e.IsConflict)
            {
                return false;
            }
        }, "pod be Succeeded");
        await WaitUsedAsync(ns, "best-effort", ("pods", "1"), ("count/pods", "2"));
        await KubectlOkAsync($"delete pod nbe2 -n {ns} --wait=false");
        await WaitUsedAsync(ns, "not-best-effort", ("pods", "1"), ("limits.cpu", "250m"));
    }
}
