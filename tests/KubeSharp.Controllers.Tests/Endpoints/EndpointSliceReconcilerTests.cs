using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Discovery.V1;
using KubeSharp.Controllers.Endpoints;

namespace KubeSharp.Controllers.Tests.Endpoints;

/// <summary>Cases after upstream k8s.io/endpointslice reconciler_test.go and utils_test.go.</summary>
public class EndpointSliceReconcilerTests
{
    private static readonly Time Trigger = Time.FromUnix(1_700_000_000);

    private static Service Svc(string clusterIp = "10.43.0.10")
    {
        var s = new Service();
        s.Metadata.Name = "web";
        s.Metadata.Namespace = "ns";
        s.Metadata.Uid = "svc-uid";
        s.Metadata.Labels = new() { ["team"] = "a" };
        s.Spec.Selector = new() { ["app"] = "web" };
        s.Spec.ClusterIP = clusterIp;
        s.Spec.IpFamilies = ["IPv4"];
        s.Spec.Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP", TargetPort = "http", AppProtocol = "http" }];
        return s;
    }

    private static Pod P(int i, bool ready = true, bool terminating = false, string node = "n1")
    {
        var pod = new Pod();
        pod.Metadata.Name = "pod-" + i;
        pod.Metadata.Namespace = "ns";
        pod.Metadata.Uid = "uid-" + i;
        pod.Metadata.Labels = new() { ["app"] = "web" };
        if (terminating)
        {
            pod.Metadata.DeletionTimestamp = Time.FromUnix(1000);
        }
        pod.Spec.NodeName = node;
        pod.Spec.Containers = [new Container { Name = "c", Ports = [new ContainerPort { Name = "http", ContainerPortValue = 8080, Protocol = "TCP" }] }];
        pod.Status.Phase = "Running";
        pod.Status.PodIP = $"10.42.{i / 250}.{(i % 250) + 1}";
        pod.Status.Conditions = [new PodCondition { Type = "Ready", Status = ready ? "True" : "False" }];
        return pod;
    }

    private static Node? Nodes(string name)
    {
        if (name != "n1")
        {
            return null;
        }
        var node = new Node();
        node.Metadata.Name = name;
        node.Metadata.Labels = new() { [EndpointSliceReconciler.ZoneLabel] = "zone-a" };
        return node;
    }

    /// <summary>Writes the plan's creates as the API server would store them (a name, a uid), for the next round.</summary>
    private static List<EndpointSlice> Stored(EndpointSlicePlan plan, IEnumerable<EndpointSlice>? kept = null)
    {
        var n = 0;
        var result = kept?.ToList() ?? [];
        foreach (var slice in plan.ToUpdate)
        {
            result.RemoveAll(s => s.Metadata.Name == slice.Metadata.Name);
            result.Add(slice.DeepCopy());
        }
        foreach (var slice in plan.ToDelete)
        {
            result.RemoveAll(s => s.Metadata.Name == slice.Metadata.Name);
        }
        foreach (var slice in plan.ToCreate)
        {
            var copy = slice.DeepCopy();
            copy.Metadata.Name = copy.Metadata.GenerateName + "s" + n++ + "-" + Guid.NewGuid().ToString("N")[..5];
            copy.Metadata.Uid = Guid.NewGuid().ToString();
            result.Add(copy);
        }
        return result;
    }

    [Fact]
    public void NewService_OneSlice_WithLabelsOwnerPortsConditionsNodeAndZone()
    {
        var plan = new EndpointSliceReconciler().Reconcile(Svc(), [P(1), P(2, ready: false), P(3, terminating: true)], [], Nodes, Trigger);
        plan.ToUpdate.ShouldBeEmpty();
        plan.ToDelete.ShouldBeEmpty();
        plan.Errors.ShouldBeEmpty();
        var slice = plan.ToCreate.ShouldHaveSingleItem();
        slice.AddressType.ShouldBe("IPv4");
        slice.Metadata.GenerateName.ShouldBe("web-");
        slice.Metadata.Labels.ShouldBe(new Dictionary<string, string>
        {
            ["team"] = "a",
            ["kubernetes.io/service-name"] = "web",
            ["endpointslice.kubernetes.io/managed-by"] = "endpointslice-controller.k8s.io",
        }, ignoreOrder: true);
        slice.Metadata.Annotations![EndpointsUtil.LastChangeTriggerTimeAnnotation].ShouldBe(Trigger.ToString());
        var owner = slice.Metadata.OwnerReferences.ShouldHaveSingleItem();
        (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion).ShouldBe(("v1", "Service", "web", "svc-uid", (bool?)true, (bool?)true));
        var port = slice.Ports.ShouldHaveSingleItem();
        (port.Name, port.Port, port.Protocol, port.AppProtocol).ShouldBe(("http", (int?)8080, "TCP", "http"));

        slice.Endpoints!.Count.ShouldBe(3);
        var e1 = slice.Endpoints.Single(e => e.TargetRef!.Name == "pod-1");
        e1.Addresses.ShouldBe(["10.42.0.2"]);
        (e1.Conditions.Ready, e1.Conditions.Serving, e1.Conditions.Terminating).ShouldBe(((bool?)true, (bool?)true, (bool?)false));
        e1.NodeName.ShouldBe("n1");
        e1.Zone.ShouldBe("zone-a");
        (e1.TargetRef!.Kind, e1.TargetRef.Namespace, e1.TargetRef.Uid).ShouldBe(("Pod", "ns", "uid-1"));
        var e2 = slice.Endpoints.Single(e => e.TargetRef!.Name == "pod-2");
        (e2.Conditions.Ready, e2.Conditions.Serving, e2.Conditions.Terminating).ShouldBe(((bool?)false, (bool?)false, (bool?)false));
        // A terminating pod stays, serving but not ready.
        var e3 = slice.Endpoints.Single(e => e.TargetRef!.Name == "pod-3");
        (e3.Conditions.Ready, e3.Conditions.Serving, e3.Conditions.Terminating).ShouldBe(((bool?)false, (bool?)true, (bool?)true));
    }

    [Fact]
    public void ManyPods_SlicesOfAtMost100()
    {
        var pods = Enumerable.Range(0, 250).Select(i => P(i)).ToList();
        var plan = new EndpointSliceReconciler().Reconcile(Svc(), pods, [], Nodes, Trigger);
        plan.ToCreate.Select(s => s.Endpoints!.Count).OrderBy(c => c).ShouldBe([50, 100, 100]);
        plan.ToCreate.SelectMany(s => s.Endpoints!).Select(e => e.TargetRef!.Name).Distinct().Count().ShouldBe(250);
    }

    [Fact]
    public void NothingChanged_NothingWritten()
    {
        var reconciler = new EndpointSliceReconciler();
        var pods = new List<Pod> { P(1), P(2) };
        var existing = Stored(reconciler.Reconcile(Svc(), pods, [], Nodes, Trigger));
        var plan = reconciler.Reconcile(Svc(), pods, existing, Nodes, default);
        plan.ToCreate.ShouldBeEmpty();
        plan.ToUpdate.ShouldBeEmpty();
        plan.ToDelete.ShouldBeEmpty();
    }

    [Fact]
    public void PodGone_SliceUpdated_PodNotReady_ConditionUpdated_TriggerCleared()
    {
        var reconciler = new EndpointSliceReconciler();
        var existing = Stored(reconciler.Reconcile(Svc(), [P(1), P(2), P(3)], [], Nodes, Trigger));
        var plan = reconciler.Reconcile(Svc(), [P(1), P(2, ready: false)], existing, Nodes, default);
        plan.ToCreate.ShouldBeEmpty();
        plan.ToDelete.ShouldBeEmpty();
        var slice = plan.ToUpdate.ShouldHaveSingleItem();
        slice.Metadata.Name.ShouldBe(existing[0].Metadata.Name);
        slice.Endpoints!.Select(e => e.TargetRef!.Name).ShouldBe(["pod-1", "pod-2"], ignoreOrder: true);
        slice.Endpoints!.Single(e => e.TargetRef!.Name == "pod-2").Conditions.Ready.ShouldBe(false);
        slice.Metadata.Annotations.ShouldBeNull();
    }

    [Fact]
    public void NewEndpoints_FillTheUnchangedSliceClosestToFull()
    {
        var reconciler = new EndpointSliceReconciler();
        var pods = Enumerable.Range(0, 150).Select(i => P(i)).ToList();
        var existing = Stored(reconciler.Reconcile(Svc(), pods, [], Nodes, Trigger));
        existing.Select(s => s.Endpoints!.Count).OrderBy(c => c).ShouldBe([50, 100]);
        var half = existing.Single(s => s.Endpoints!.Count == 50);

        var plan = reconciler.Reconcile(Svc(), [.. pods, P(500), P(501)], existing, Nodes, Trigger);
        plan.ToCreate.ShouldBeEmpty();
        var updated = plan.ToUpdate.ShouldHaveSingleItem();
        updated.Metadata.Name.ShouldBe(half.Metadata.Name);
        updated.Endpoints!.Count.ShouldBe(52);
    }

    [Fact]
    public void NoPods_OnePlaceholder_KeptAsIs()
    {
        var reconciler = new EndpointSliceReconciler();
        var plan = reconciler.Reconcile(Svc(), [], [], Nodes, Trigger);
        var placeholder = plan.ToCreate.ShouldHaveSingleItem();
        placeholder.Endpoints.ShouldBeEmpty();
        placeholder.Ports.ShouldBeEmpty();

        var again = reconciler.Reconcile(Svc(), [], Stored(plan), Nodes, default);
        again.ToCreate.ShouldBeEmpty();
        again.ToUpdate.ShouldBeEmpty();
        again.ToDelete.ShouldBeEmpty();
    }

    [Fact]
    public void AllPodsGone_TheSliceBecomesThePlaceholder_ByUpdate()
    {
        var reconciler = new EndpointSliceReconciler();
        var existing = Stored(reconciler.Reconcile(Svc(), [P(1)], [], Nodes, Trigger));
        var plan = reconciler.Reconcile(Svc(), [], existing, Nodes, default);
        plan.ToCreate.ShouldBeEmpty();
        plan.ToDelete.ShouldBeEmpty();
        var slice = plan.ToUpdate.ShouldHaveSingleItem();
        slice.Metadata.Name.ShouldBe(existing[0].Metadata.Name);
        slice.Endpoints.ShouldBeEmpty();
        slice.Ports.ShouldBeEmpty();
    }

    [Fact]
    public void ServiceLabelsChanged_SliceRelabelled()
    {
        var reconciler = new EndpointSliceReconciler();
        var existing = Stored(reconciler.Reconcile(Svc(), [P(1)], [], Nodes, Trigger));
        var service = Svc();
        service.Metadata.Labels = new() { ["team"] = "b", ["kubernetes.io/service-name"] = "spoof" };
        var slice = reconciler.Reconcile(service, [P(1)], existing, Nodes, default).ToUpdate.ShouldHaveSingleItem();
        slice.Metadata.Labels!["team"].ShouldBe("b");
        slice.Metadata.Labels["kubernetes.io/service-name"].ShouldBe("web");
    }

    [Fact]
    public void PodsWithDifferentPortSets_GetSeparateSlices_SliceOfAnotherServiceUidIsDeleted()
    {
        var other = P(2);
        other.Spec.Containers![0].Ports = null;
        var stale = EndpointSliceReconciler.NewSlice(Svc(), [], "IPv4");
        stale.Metadata.Name = "web-old";
        stale.Metadata.OwnerReferences![0].Uid = "previous-service-uid";
        var plan = new EndpointSliceReconciler().Reconcile(Svc(), [P(1), other], [stale], Nodes, Trigger);
        plan.ToCreate.Count.ShouldBe(2);
        plan.ToCreate.ShouldContain(s => s.Ports!.Count == 1 && s.Endpoints!.Single().TargetRef!.Name == "pod-1");
        plan.ToCreate.ShouldContain(s => s.Ports!.Count == 0 && s.Endpoints!.Single().TargetRef!.Name == "pod-2");
        plan.ToDelete.ShouldHaveSingleItem().Metadata.Name.ShouldBe("web-old");
    }

    [Fact]
    public void PodOnUnknownNode_IsSkippedWithAnError_UnlessPublishNotReadyAddresses()
    {
        var plan = new EndpointSliceReconciler().Reconcile(Svc(), [P(1), P(2, node: "ghost")], [], Nodes, Trigger);
        plan.Errors.ShouldHaveSingleItem().ShouldContain("Node ghost Not Found");
        plan.ToCreate.ShouldHaveSingleItem().Endpoints!.Single().TargetRef!.Name.ShouldBe("pod-1");

        var service = Svc();
        service.Spec.PublishNotReadyAddresses = true;
        var published = new EndpointSliceReconciler().Reconcile(service, [P(1), P(2, ready: false, node: "ghost")], [], Nodes, Trigger);
        published.Errors.ShouldBeEmpty();
        var ghost = published.ToCreate.Single().Endpoints!.Single(e => e.TargetRef!.Name == "pod-2");
        ghost.Conditions.Ready.ShouldBe(true);
        ghost.Zone.ShouldBeNull();
    }

    [Fact]
    public void HeadlessWithoutFamilies_BothAddressTypes_AndTheHeadlessLabel()
    {
        var service = Svc("None");
        service.Spec.IpFamilies = null;
        service.Spec.Ports = null;
        var pod = P(1);
        pod.Status.PodIPs = [new PodIP { Ip = "10.42.0.2" }, new PodIP { Ip = "fd00::2" }];
        var plan = new EndpointSliceReconciler().Reconcile(service, [pod], [], Nodes, Trigger);
        plan.ToCreate.Select(s => s.AddressType).ShouldBe(["IPv4", "IPv6"], ignoreOrder: true);
        plan.ToCreate.Single(s => s.AddressType == "IPv6").Endpoints!.Single().Addresses.ShouldBe(["fd00::2"]);
        plan.ToCreate.ShouldAllBe(s => s.Metadata.Labels!.ContainsKey(EndpointsUtil.HeadlessServiceLabel));
    }

    [Fact]
    public void SliceToFill_PicksTheClosestToFull()
    {
        EndpointSlice WithCount(int n) => new() { Endpoints = [.. Enumerable.Range(0, n).Select(_ => new Endpoint())] };
        var slices = new[] { WithCount(10), WithCount(80), WithCount(95) };
        EndpointSliceReconciler.SliceToFill(slices, 15, 100).ShouldBeSameAs(slices[1]);
        EndpointSliceReconciler.SliceToFill(slices, 5, 100).ShouldBeSameAs(slices[2]);
        EndpointSliceReconciler.SliceToFill(slices, 95, 100).ShouldBeNull();
    }
}
