using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Discovery.V1;
using KubeSharp.Client;
using KubeSharp.Controllers.Endpoints;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>
/// The controllers these tests need, without node lifecycle (the tests' Nodes post no heartbeats, and a node going
/// Unknown would turn its pods not ready under the tests' feet).
/// </summary>
public class EndpointsFixture : ControllersFixture
{
    protected override ControllerManagerOptions ManagerOptions => new()
    {
        LeaderElect = false,
        Controllers = ["garbagecollector", "deployment", "replicaset", "endpoint", "endpointslice", "endpointslicemirroring"],
    };
}

/// <summary>The endpoint and endpointslice controllers against the real API server, checked with /usr/bin/kubectl.</summary>
public class EndpointsControllerTests(EndpointsFixture fixture) : IClassFixture<EndpointsFixture>
{
    private const string SystemKubectl = "/usr/bin/kubectl";

    private async Task KubectlOkAsync(string arguments, string? stdin = null)
    {
        var (code, _, stderr) = await fixture.KubectlAsync(arguments, stdin);
        code.ShouldBe(0, stderr);
    }

    private async Task<List<Pod>> PodsAsync(string ns, string selector)
        => [.. (await fixture.Client.Resource<Pod>(ns).ListAsync(new ListParams { LabelSelector = selector })).Items];

    private static bool IsRunningWithIp(Pod p) => p.Status.Phase == "Running" && p.Status.PodIP.Length > 0 && p.Metadata.DeletionTimestamp is null;

    private static IEnumerable<string> Names(IEnumerable<EndpointAddress>? addresses) => (addresses ?? []).Select(a => a.TargetRef!.Name);

    private async Task<List<EndpointSlice>> SlicesAsync(string ns, string service)
        => [.. (await fixture.Client.Resource<EndpointSlice>(ns).ListAsync(new ListParams { LabelSelector = "kubernetes.io/service-name=" + service })).Items];

    /// <summary>Sets the pod's Ready condition through pods/status, as a kubelet whose readiness probe fails would.</summary>
    private async Task SetReadyAsync(string ns, string name, bool ready)
    {
        var pods = fixture.Client.Resource<Pod>(ns);
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var pod = (await pods.GetAsync(name)).DeepCopy();
            foreach (var condition in pod.Status.Conditions!.Where(c => c.Type is "Ready" or "ContainersReady"))
            {
                condition.Status = ready ? "True" : "False";
                condition.LastTransitionTime = Time.Now().Rfc3339Copy();
            }
            try
            {
                await pods.UpdateStatusAsync(pod);
                return true;
            }
            catch (KubeApiException e) when (e.IsConflict)
            {
                return false;
            }
        }, $"pod {name} Ready={ready} written");
    }

    [Fact]
    public async Task Deployment_ReadyAddresses_NamedTargetPort_NotReadyPod_ScaleDown_ServiceDeletion()
    {
        const string ns = "ep-deploy";
        await KubectlOkAsync("create namespace " + ns);
        await KubectlOkAsync("apply -f -", $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: {{ns}}
            spec:
              replicas: 3
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: c
                    image: nginx:1.27
                    ports:
                    - name: http
                      containerPort: 8080
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: {{ns}}
              labels:
                tier: frontend
            spec:
              selector:
                app: web
              ports:
              - name: http
                port: 80
                targetPort: http
              - name: admin
                port: 81
                targetPort: 9090
            """);
        var endpoints = fixture.Client.Resource<Api.Core.V1.Endpoints>(ns);
        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync(ns, "app=web")).Count(IsRunningWithIp) == 3, "3 running pods with IPs");
        await ControllersFixture.EventuallyAsync(async () =>
            await endpoints.TryGetAsync("web") is { Subsets: [{ Addresses.Count: 3 }] }, "Endpoints web with 3 ready addresses", TimeSpan.FromSeconds(60));

        var pods = (await PodsAsync(ns, "app=web")).Where(IsRunningWithIp).ToList();
        var ep = await endpoints.GetAsync("web");
        var subset = ep.Subsets!.Single();
        subset.NotReadyAddresses.ShouldBeNull();
        Names(subset.Addresses).ShouldBe(pods.Select(p => p.Metadata.Name), ignoreOrder: true);
        subset.Addresses!.Select(a => a.Ip).ShouldBe(pods.Select(p => p.Status.PodIP), ignoreOrder: true);
        subset.Addresses!.ShouldAllBe(a => a.TargetRef!.Kind == "Pod" && a.TargetRef.Namespace == ns && a.TargetRef.Uid.Length > 0);
        // The named target port resolved through the containers' ports; the numbered one as is.
        subset.Ports!.Select(p => (p.Name, p.Port, p.Protocol)).ShouldBe([("http", 8080, "TCP"), ("admin", 9090, "TCP")], ignoreOrder: true);
        ep.Metadata.Labels.ShouldBe(new Dictionary<string, string> { ["tier"] = "frontend" });

        // A pod turning not ready moves to notReadyAddresses.
        var victim = pods[0].Metadata.Name;
        await SetReadyAsync(ns, victim, ready: false);
        await ControllersFixture.EventuallyAsync(async () =>
            await endpoints.GetAsync("web") is { Subsets: [var s] } && Names(s.NotReadyAddresses).SequenceEqual([victim]) && s.Addresses?.Count == 2,
            "the not-ready pod in notReadyAddresses", TimeSpan.FromSeconds(60));

        // Ready again: back in addresses.
        await SetReadyAsync(ns, victim, ready: true);
        await ControllersFixture.EventuallyAsync(async () =>
            await endpoints.GetAsync("web") is { Subsets: [{ Addresses.Count: 3, NotReadyAddresses: null }] }, "3 ready addresses again", TimeSpan.FromSeconds(60));

        // Scale down: addresses go.
        await KubectlOkAsync($"scale deployment web -n {ns} --replicas=1");
        await ControllersFixture.EventuallyAsync(async () =>
            await endpoints.GetAsync("web") is { Subsets: [{ Addresses.Count: 1, NotReadyAddresses: null }] }, "1 address after scale down", TimeSpan.FromSeconds(60));
        var remaining = (await endpoints.GetAsync("web")).Subsets![0].Addresses![0];
        var remainingPod = await fixture.Client.Resource<Pod>(ns).GetAsync(remaining.TargetRef!.Name);
        remainingPod.Metadata.DeletionTimestamp.ShouldBeNull();

        // kubectl prints the address with both ports.
        var (code, stdout, stderr) = await fixture.RunKubectlAsync(SystemKubectl, $"get endpoints web -n {ns}");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain($"{remaining.Ip}:8080");
        stdout.ShouldContain($"{remaining.Ip}:9090");

        // Service deletion: the Endpoints go.
        await KubectlOkAsync($"delete service web -n {ns}");
        await ControllersFixture.EventuallyAsync(async () => await endpoints.TryGetAsync("web") is null, "Endpoints web deleted");
    }

    [Fact]
    public async Task EndpointSlices_ContentsLabelsConditionsZone_Terminating_Kubectl_AndCleanup()
    {
        const string ns = "ep-slices";
        const string nodeName = "ep-slices-node";
        await KubectlOkAsync("create namespace " + ns);
        var node = new Node();
        node.Metadata.Name = nodeName;
        node.Metadata.Labels = new() { ["topology.kubernetes.io/zone"] = "zone-1" };
        await fixture.Client.Resource<Node>().CreateAsync(node);
        await KubectlOkAsync("apply -f -", $$"""
            apiVersion: v1
            kind: Service
            metadata:
              name: api
              namespace: {{ns}}
              labels:
                team: x
            spec:
              selector:
                app: api
              ports:
              - name: web
                port: 80
                targetPort: web-port
                appProtocol: http
            """);
        var service = await fixture.Client.Resource<Service>(ns).GetAsync("api");
        var podClient = fixture.Client.Resource<Pod>(ns);
        foreach (var i in new[] { 0, 1, 2 })
        {
            var pod = new Pod();
            pod.Metadata.Name = "api-" + i;
            pod.Metadata.Labels = new() { ["app"] = "api" };
            pod.Spec.NodeName = nodeName;
            pod.Spec.Containers = [new Container { Name = "c", Image = "nginx:1.27", Ports = [new ContainerPort { Name = "web-port", ContainerPortValue = 8080 }] }];
            await podClient.CreateAsync(pod);
        }
        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync(ns, "app=api")).Count(IsRunningWithIp) == 3, "3 running pods");
        await ControllersFixture.EventuallyAsync(async () =>
            await SlicesAsync(ns, "api") is [{ Endpoints: { Count: 3 } e }] && e.All(x => x.Conditions.Ready == true),
            "one slice with 3 ready endpoints", TimeSpan.FromSeconds(60));

        var pods = await PodsAsync(ns, "app=api");
        var slice = (await SlicesAsync(ns, "api")).Single();
        slice.Metadata.Name.ShouldStartWith("api-");
        slice.AddressType.ShouldBe("IPv4");
        slice.Metadata.Labels.ShouldBe(new Dictionary<string, string>
        {
            ["team"] = "x",
            ["kubernetes.io/service-name"] = "api",
            ["endpointslice.kubernetes.io/managed-by"] = "endpointslice-controller.k8s.io",
        }, ignoreOrder: true);
        var owner = slice.Metadata.OwnerReferences.ShouldHaveSingleItem();
        (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller).ShouldBe(("v1", "Service", "api", service.Metadata.Uid, (bool?)true));
        var port = slice.Ports.ShouldHaveSingleItem();
        (port.Name, port.Port, port.Protocol, port.AppProtocol).ShouldBe(("web", (int?)8080, "TCP", "http"));
        foreach (var pod in pods)
        {
            var e = slice.Endpoints!.Single(x => x.TargetRef!.Name == pod.Metadata.Name);
            e.Addresses.ShouldBe([pod.Status.PodIP]);
            (e.Conditions.Ready, e.Conditions.Serving, e.Conditions.Terminating).ShouldBe(((bool?)true, (bool?)true, (bool?)false));
            e.NodeName.ShouldBe(nodeName);
            e.Zone.ShouldBe("zone-1");
            (e.TargetRef!.Kind, e.TargetRef.Namespace, e.TargetRef.Uid).ShouldBe(("Pod", ns, pod.Metadata.Uid));
        }

        // Not ready: neither ready nor serving in the slice; in notReadyAddresses of the Endpoints.
        await SetReadyAsync(ns, "api-1", ready: false);
        await ControllersFixture.EventuallyAsync(async () =>
            await SlicesAsync(ns, "api") is [{ Endpoints: { } e }] && e.Single(x => x.TargetRef!.Name == "api-1").Conditions is { Ready: false, Serving: false, Terminating: false },
            "api-1 not ready in the slice", TimeSpan.FromSeconds(60));
        var endpoints = fixture.Client.Resource<Api.Core.V1.Endpoints>(ns);
        await ControllersFixture.EventuallyAsync(async () =>
            await endpoints.TryGetAsync("api") is { Subsets: [var s] } && Names(s.NotReadyAddresses).SequenceEqual(["api-1"]) && s.Addresses?.Count == 2,
            "api-1 in notReadyAddresses", TimeSpan.FromSeconds(60));

        // Terminating (held by a finalizer): gone from the Endpoints, still in the slice as terminating and serving.
        await podClient.PatchAsync("api-2", PatchType.Merge, """{"metadata":{"finalizers":["example.com/hold"]}}""");
        await KubectlOkAsync($"delete pod api-2 -n {ns} --wait=false");
        await ControllersFixture.EventuallyAsync(async () =>
            await SlicesAsync(ns, "api") is [{ Endpoints: { } e }] && e.Single(x => x.TargetRef!.Name == "api-2").Conditions is { Ready: false, Serving: true, Terminating: true },
            "api-2 terminating in the slice", TimeSpan.FromSeconds(60));
        await ControllersFixture.EventuallyAsync(async () =>
            await endpoints.GetAsync("api") is { Subsets: [var s] } && Names(s.Addresses).SequenceEqual(["api-0"]) && Names(s.NotReadyAddresses).SequenceEqual(["api-1"]),
            "api-2 out of the Endpoints", TimeSpan.FromSeconds(60));

        // kubectl shows the slice and the Endpoints.
        var api0 = pods.Single(p => p.Metadata.Name == "api-0").Status.PodIP;
        var (code, stdout, stderr) = await fixture.RunKubectlAsync(SystemKubectl, $"get endpointslices -n {ns}");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain(slice.Metadata.Name);
        stdout.ShouldContain("IPv4");
        stdout.ShouldContain("8080");
        stdout.ShouldContain(api0);
        (code, stdout, stderr) = await fixture.RunKubectlAsync(SystemKubectl, $"get endpoints api -n {ns}");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain($"{api0}:8080");

        await podClient.PatchAsync("api-2", PatchType.Merge, """{"metadata":{"finalizers":null}}""");
        await ControllersFixture.EventuallyAsync(async () =>
            await SlicesAsync(ns, "api") is [{ Endpoints: { Count: 2 } }], "api-2 gone from the slice", TimeSpan.FromSeconds(60));

        // Deleting the Service removes its Endpoints and (garbage collector, owner reference) its slices.
        await KubectlOkAsync($"delete service api -n {ns}");
        await ControllersFixture.EventuallyAsync(async () => await endpoints.TryGetAsync("api") is null && (await SlicesAsync(ns, "api")).Count == 0,
            "Endpoints and slices of api deleted", TimeSpan.FromSeconds(60));
        await fixture.Client.Resource<Node>().DeleteAsync(nodeName);
    }

    [Fact]
    public async Task ServiceWithoutSelector_KeepsUserEndpoints_HeadlessServiceGetsTheLabel()
    {
        const string ns = "ep-manual";
        await KubectlOkAsync("create namespace " + ns);
        await KubectlOkAsync("apply -f -", $$"""
            apiVersion: v1
            kind: Service
            metadata:
              name: external
              namespace: {{ns}}
            spec:
              ports:
              - port: 5432
            ---
            apiVersion: v1
            kind: Endpoints
            metadata:
              name: external
              namespace: {{ns}}
            subsets:
            - addresses:
              - ip: 192.168.10.1
              ports:
              - port: 5432
            """);
        var endpoints = fixture.Client.Resource<Api.Core.V1.Endpoints>(ns);
        var before = await endpoints.GetAsync("external");

        // A headless Service with a selector, created after: once its Endpoints exist, the controllers have seen both.
        await KubectlOkAsync("apply -f -", $$"""
            apiVersion: v1
            kind: Service
            metadata:
              name: db
              namespace: {{ns}}
            spec:
              clusterIP: None
              selector:
                app: db
              ports:
              - port: 5432
            """);
        await ControllersFixture.EventuallyAsync(async () => await endpoints.TryGetAsync("db") is not null, "Endpoints db");
        await ControllersFixture.EventuallyAsync(async () => (await SlicesAsync(ns, "db")).Count == 1, "the placeholder slice of db");
        var db = await endpoints.GetAsync("db");
        db.Metadata.Labels.ShouldBe(new Dictionary<string, string> { ["service.kubernetes.io/headless"] = "" });
        // The first sync of a Service is triggered by its creation (later writes carry the earliest new pod Ready transition, or nothing).
        var dbService = await fixture.Client.Resource<Service>(ns).GetAsync("db");
        db.Metadata.Annotations![EndpointsUtil.LastChangeTriggerTimeAnnotation].ShouldBe(dbService.Metadata.CreationTimestamp.ToString());
        db.Subsets.ShouldBeNull();
        var placeholder = (await SlicesAsync(ns, "db")).Single();
        (placeholder.Endpoints ?? []).ShouldBeEmpty();
        placeholder.Metadata.Labels!["service.kubernetes.io/headless"].ShouldBe("");

        var after = await endpoints.GetAsync("external");
        after.Metadata.ResourceVersion.ShouldBe(before.Metadata.ResourceVersion);
        after.Subsets!.Single().Addresses!.Single().Ip.ShouldBe("192.168.10.1");

        // The user's Endpoints are mirrored into a slice (endpointslicemirroring), owned by the Endpoints.
        await ControllersFixture.EventuallyAsync(async () => (await SlicesAsync(ns, "external")).Count == 1, "the mirrored slice of external");
        var mirrored = (await SlicesAsync(ns, "external")).Single();
        mirrored.Metadata.Labels!["endpointslice.kubernetes.io/managed-by"].ShouldBe("endpointslicemirroring-controller.k8s.io");
        mirrored.Metadata.OwnerReferences.ShouldHaveSingleItem().Uid.ShouldBe(after.Metadata.Uid);
        mirrored.AddressType.ShouldBe("IPv4");
        mirrored.Ports.ShouldHaveSingleItem().Port.ShouldBe(5432);
        var endpoint = mirrored.Endpoints.ShouldHaveSingleItem();
        endpoint.Addresses.ShouldBe(["192.168.10.1"]);
        endpoint.Conditions.Ready.ShouldBe(true);

        // Opting out removes the mirror.
        await KubectlOkAsync($"label endpoints external -n {ns} endpointslice.kubernetes.io/skip-mirror=true");
        await ControllersFixture.EventuallyAsync(async () => (await SlicesAsync(ns, "external")).Count == 0, "the mirrored slice of external deleted");
    }
}
