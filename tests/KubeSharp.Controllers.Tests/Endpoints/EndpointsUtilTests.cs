using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.Controllers.Endpoints;

namespace KubeSharp.Controllers.Tests.Endpoints;

/// <summary>Cases after upstream pkg/api/v1/endpoints util_test.go (RepackSubsets), pod util_test.go (FindPort) and endpoints_controller_test.go.</summary>
public class EndpointsUtilTests
{
    private static EndpointAddress Addr(string ip, string? uid = null)
        => new() { Ip = ip, TargetRef = uid is null ? null : new ObjectReference { Kind = "Pod", Uid = uid } };

    private static EndpointPort Port(int port, string name = "", string protocol = "TCP") => new() { Name = name, Port = port, Protocol = protocol };

    private static EndpointSubset Subset(EndpointAddress[]? ready = null, EndpointAddress[]? notReady = null, params EndpointPort[] ports)
        => new() { Addresses = ready?.ToList(), NotReadyAddresses = notReady?.ToList(), Ports = ports.Length > 0 ? [.. ports] : null };

    /// <summary>Subsets as a set of canonical strings (the order of subsets and of ports is upstream's hash order, arbitrary but stable).</summary>
    private static string[] Canonical(IEnumerable<EndpointSubset> subsets)
        => [.. subsets.Select(s =>
        {
            var c = s.DeepCopy();
            c.Ports?.Sort((a, b) => a.Port.CompareTo(b.Port));
            return KubeJson.Serialize(c);
        }).OrderBy(s => s, StringComparer.Ordinal)];

    private static void ShouldRepackTo(EndpointSubset[] input, params EndpointSubset[] expected)
        => Canonical(EndpointsUtil.RepackSubsets(input)).ShouldBe(Canonical(expected));

    [Fact]
    public void Repack_Empty() => EndpointsUtil.RepackSubsets([]).ShouldBeEmpty();

    [Fact]
    public void Repack_OneSetOneIpOnePort() => ShouldRepackTo([Subset([Addr("1.2.3.4")], null, Port(111))], Subset([Addr("1.2.3.4")], null, Port(111)));

    [Fact]
    public void Repack_OneSetOneNotReadyIp() => ShouldRepackTo([Subset(null, [Addr("1.2.3.4")], Port(111))], Subset(null, [Addr("1.2.3.4")], Port(111)));

    [Fact]
    public void Repack_OneIpNoPorts_IsKept() => ShouldRepackTo([Subset([Addr("1.2.3.4")])], Subset([Addr("1.2.3.4")]));

    [Fact]
    public void Repack_DuplicateIpAndPort_AreMerged()
        => ShouldRepackTo([Subset([Addr("1.2.3.4", "u1")], null, Port(111)), Subset([Addr("1.2.3.4", "u1")], null, Port(111))], Subset([Addr("1.2.3.4", "u1")], null, Port(111)));

    [Fact]
    public void Repack_SameIpDifferentUids_AreTwoAddresses()
        => ShouldRepackTo([Subset([Addr("1.2.3.4", "u2")], null, Port(111)), Subset([Addr("1.2.3.4", "u1")], null, Port(111))], Subset([Addr("1.2.3.4", "u1"), Addr("1.2.3.4", "u2")], null, Port(111)));

    [Fact]
    public void Repack_DuplicateIpTwoPorts_OneSubsetWithBothPorts()
        => ShouldRepackTo([Subset([Addr("1.2.3.4")], null, Port(111)), Subset([Addr("1.2.3.4")], null, Port(222))], Subset([Addr("1.2.3.4")], null, Port(111), Port(222)));

    [Fact]
    public void Repack_TwoIpsSamePort_OneSubsetSortedByIp()
    {
        var result = EndpointsUtil.RepackSubsets([Subset([Addr("5.6.7.8")], null, Port(111)), Subset([Addr("1.2.3.4")], null, Port(111))]);
        result.Count.ShouldBe(1);
        result[0].Addresses!.Select(a => a.Ip).ShouldBe(["1.2.3.4", "5.6.7.8"]);
    }

    [Fact]
    public void Repack_NotReadyTrumpsReady()
        => ShouldRepackTo([Subset([Addr("1.2.3.4")], null, Port(111)), Subset(null, [Addr("1.2.3.4")], Port(111))], Subset(null, [Addr("1.2.3.4")], Port(111)));

    [Fact]
    public void Repack_ReadyAndNotReadyOfOnePort_ShareTheSubset()
        => ShouldRepackTo([Subset([Addr("1.2.3.4")], null, Port(111)), Subset(null, [Addr("5.6.7.8")], Port(111))], Subset([Addr("1.2.3.4")], [Addr("5.6.7.8")], Port(111)));

    [Fact]
    public void Repack_TwoIpsTwoPorts_TwoSubsets()
        => ShouldRepackTo([Subset([Addr("1.2.3.4")], null, Port(111)), Subset([Addr("5.6.7.8")], null, Port(222))], Subset([Addr("1.2.3.4")], null, Port(111)), Subset([Addr("5.6.7.8")], null, Port(222)));

    [Fact]
    public void Repack_Jumbled_GroupsAddressesByPortSet()
        => ShouldRepackTo(
            [
                Subset([Addr("1.2.3.4")], null, Port(111)),
                Subset([Addr("1.2.3.5")], null, Port(222)),
                Subset([Addr("1.2.3.6")], null, Port(111)),
                Subset([Addr("1.2.3.5")], null, Port(333)),
            ],
            Subset([Addr("1.2.3.4"), Addr("1.2.3.6")], null, Port(111)),
            Subset([Addr("1.2.3.5")], null, Port(222), Port(333)));

    [Fact]
    public void Repack_IsDeterministic_WhateverTheInputOrder()
    {
        EndpointSubset[] a = [Subset([Addr("1.2.3.4")], null, Port(111, "a")), Subset([Addr("5.6.7.8")], null, Port(222, "b")), Subset([Addr("1.2.3.4")], null, Port(222, "b"))];
        EndpointSubset[] b = [a[2].DeepCopy(), a[1].DeepCopy(), a[0].DeepCopy()];
        string Json(List<EndpointSubset> s) => string.Join("|", s.Select(x => KubeJson.Serialize(x)));
        Json(EndpointsUtil.RepackSubsets(a)).ShouldBe(Json(EndpointsUtil.RepackSubsets(b)));
    }

    private static Pod PodWithPorts(params (string Name, int Port, string Protocol)[] ports)
    {
        var pod = new Pod();
        pod.Metadata.Name = "p";
        pod.Spec.Containers = [new Container { Name = "c", Ports = [.. ports.Select(p => new ContainerPort { Name = p.Name, ContainerPortValue = p.Port, Protocol = p.Protocol })] }];
        return pod;
    }

    [Fact]
    public void FindPort_IntTarget_IsTheNumber()
        => EndpointsUtil.FindPort(PodWithPorts(), new ServicePort { Protocol = "TCP", TargetPort = 8080 }).ShouldBe(8080);

    [Fact]
    public void FindPort_NamedTarget_IsTheContainerPort()
        => EndpointsUtil.FindPort(PodWithPorts(("http", 8080, "TCP"), ("metrics", 9090, "TCP")), new ServicePort { Protocol = "TCP", TargetPort = "metrics" }).ShouldBe(9090);

    [Fact]
    public void FindPort_NamedTarget_NeedsTheSameProtocol()
        => EndpointsUtil.FindPort(PodWithPorts(("dns", 53, "UDP")), new ServicePort { Protocol = "TCP", TargetPort = "dns" }).ShouldBeNull();

    [Fact]
    public void FindPort_MissingName_IsNull()
        => EndpointsUtil.FindPort(PodWithPorts(("http", 8080, "TCP")), new ServicePort { Protocol = "TCP", TargetPort = "web" }).ShouldBeNull();

    [Fact]
    public void FindPort_SidecarInitContainersCount_OtherInitContainersDoNot()
    {
        var pod = PodWithPorts();
        pod.Spec.InitContainers =
        [
            new Container { Name = "init", Ports = [new ContainerPort { Name = "a", ContainerPortValue = 1000, Protocol = "TCP" }] },
            new Container { Name = "sidecar", RestartPolicy = "Always", Ports = [new ContainerPort { Name = "b", ContainerPortValue = 2000, Protocol = "TCP" }] },
        ];
        EndpointsUtil.FindPort(pod, new ServicePort { Protocol = "TCP", TargetPort = "a" }).ShouldBeNull();
        EndpointsUtil.FindPort(pod, new ServicePort { Protocol = "TCP", TargetPort = "b" }).ShouldBe(2000);
    }

    private static Api.Core.V1.Endpoints WithAddresses(params (int Ready, int NotReady)[] subsets)
    {
        var e = new Api.Core.V1.Endpoints();
        var n = 0;
        e.Subsets = [.. subsets.Select(s => new EndpointSubset
        {
            Addresses = [.. Enumerable.Range(0, s.Ready).Select(_ => Addr("10.0." + (n / 250) + "." + (n++ % 250)))],
            NotReadyAddresses = [.. Enumerable.Range(0, s.NotReady).Select(_ => Addr("10.1." + (n / 250) + "." + (n++ % 250)))],
        })];
        return e;
    }

    [Fact]
    public void Truncate_UnderCapacity_LeavesAlone()
    {
        var e = WithAddresses((600, 400));
        EndpointsUtil.TruncateEndpoints(e).ShouldBeFalse();
        e.Subsets![0].Addresses!.Count.ShouldBe(600);
        e.Subsets[0].NotReadyAddresses!.Count.ShouldBe(400);
    }

    [Fact]
    public void Truncate_KeepsReady_CutsNotReadyProportionally()
    {
        // 1000 - 600 ready = 400 not ready kept, split 2:1 rounding up (267), the last what is left (133).
        var e = WithAddresses((300, 400), (300, 200));
        EndpointsUtil.TruncateEndpoints(e).ShouldBeTrue();
        e.Subsets![0].Addresses!.Count.ShouldBe(300);
        e.Subsets[1].Addresses!.Count.ShouldBe(300);
        e.Subsets[0].NotReadyAddresses!.Count.ShouldBe(267);
        e.Subsets[1].NotReadyAddresses!.Count.ShouldBe(133);
    }

    [Fact]
    public void Truncate_TooManyReady_DropsNotReady_SplitsReady()
    {
        var e = WithAddresses((900, 10), (600, 0));
        EndpointsUtil.TruncateEndpoints(e).ShouldBeTrue();
        e.Subsets![0].Addresses!.Count.ShouldBe(600);
        e.Subsets[1].Addresses!.Count.ShouldBe(400);
        e.Subsets.Sum(s => s.NotReadyAddresses?.Count ?? 0).ShouldBe(0);
    }

    private static Service Svc(bool publishNotReady = false, string clusterIp = "10.43.0.10", params ServicePort[] ports)
    {
        var s = new Service();
        s.Metadata.Name = "web";
        s.Metadata.Namespace = "ns";
        s.Spec.Selector = new() { ["app"] = "web" };
        s.Spec.ClusterIP = clusterIp;
        s.Spec.Ports = ports.Length > 0 ? [.. ports] : null;
        s.Spec.PublishNotReadyAddresses = publishNotReady;
        return s;
    }

    private static Pod P(string name, string ip, bool ready, bool terminating = false, bool withHttpPort = true, string phase = "Running")
    {
        var pod = new Pod();
        pod.Metadata.Name = name;
        pod.Metadata.Namespace = "ns";
        pod.Metadata.Uid = "uid-" + name;
        pod.Metadata.Labels = new() { ["app"] = "web" };
        if (terminating)
        {
            pod.Metadata.DeletionTimestamp = Time.FromUnix(1000);
        }
        pod.Spec.NodeName = "n1";
        pod.Spec.Containers = [new Container { Name = "c", Ports = withHttpPort ? [new ContainerPort { Name = "http", ContainerPortValue = 8080, Protocol = "TCP" }] : null }];
        pod.Status.Phase = phase;
        pod.Status.PodIP = ip;
        pod.Status.Conditions = [new PodCondition { Type = "Ready", Status = ready ? "True" : "False" }];
        return pod;
    }

    [Fact]
    public void DesiredSubsets_ReadyNotReadyTerminatingAndNamedPorts()
    {
        var service = Svc(false, "10.43.0.10",
            new ServicePort { Name = "http", Port = 80, Protocol = "TCP", TargetPort = "http" },
            new ServicePort { Name = "raw", Port = 81, Protocol = "TCP", TargetPort = 9000 });
        Pod[] pods =
        [
            P("a", "10.42.0.2", ready: true),
            P("b", "10.42.0.3", ready: false),
            P("c", "10.42.0.4", ready: true, terminating: true),
            P("d", "10.42.0.5", ready: true, withHttpPort: false),
            P("e", "10.42.0.6", ready: true, phase: "Succeeded"),
            P("f", "", ready: true),
        ];
        var subsets = EndpointsUtil.RepackSubsets(EndpointsController.DesiredSubsets(service, pods));

        // Port 80 (named): a ready, b not ready; d lacks the name. Port 81 (number): a, d ready, b not ready.
        subsets.Count.ShouldBe(2);
        var http = subsets.Single(s => s.Ports!.Any(p => p.Name == "http"));
        http.Ports!.Single().Port.ShouldBe(8080);
        http.Addresses!.Select(a => a.Ip).ShouldBe(["10.42.0.2"]);
        http.NotReadyAddresses!.Select(a => a.Ip).ShouldBe(["10.42.0.3"]);
        var raw = subsets.Single(s => s.Ports!.Any(p => p.Name == "raw"));
        raw.Ports!.Single().Port.ShouldBe(9000);
        raw.Addresses!.Select(a => a.Ip).ShouldBe(["10.42.0.2", "10.42.0.5"]);
        raw.NotReadyAddresses!.Select(a => a.Ip).ShouldBe(["10.42.0.3"]);
        var a = http.Addresses![0];
        a.NodeName.ShouldBe("n1");
        a.TargetRef!.Kind.ShouldBe("Pod");
        a.TargetRef.Name.ShouldBe("a");
        a.TargetRef.Namespace.ShouldBe("ns");
        a.TargetRef.Uid.ShouldBe("uid-a");
    }

    [Fact]
    public void DesiredSubsets_PublishNotReadyAddresses_MakesAllReady_IncludingTerminating()
    {
        var service = Svc(true, "10.43.0.10", new ServicePort { Name = "http", Port = 80, Protocol = "TCP", TargetPort = 8080 });
        var subsets = EndpointsUtil.RepackSubsets(EndpointsController.DesiredSubsets(service, [P("a", "10.42.0.2", false), P("b", "10.42.0.3", true, terminating: true)]));
        subsets.Single().Addresses!.Select(a => a.Ip).ShouldBe(["10.42.0.2", "10.42.0.3"]);
        subsets.Single().NotReadyAddresses.ShouldBeNull();
    }

    [Fact]
    public void DesiredSubsets_HeadlessWithoutPorts_ListsAddressesWithoutPorts_AndHostnames()
    {
        var service = Svc(false, "None");
        var pod = P("a", "10.42.0.2", true);
        pod.Spec.Hostname = "host-a";
        pod.Spec.Subdomain = "web";
        var subsets = EndpointsUtil.RepackSubsets(EndpointsController.DesiredSubsets(service, [pod, P("b", "10.42.0.3", false)]));
        var subset = subsets.Single();
        subset.Ports.ShouldBeNull();
        subset.Addresses!.Single().Hostname.ShouldBe("host-a");
        subset.NotReadyAddresses!.Single().Ip.ShouldBe("10.42.0.3");
        subset.NotReadyAddresses![0].Hostname.ShouldBe("");
    }

    [Fact]
    public void DesiredSubsets_NonHeadlessWithoutPorts_IsEmpty()
        => EndpointsController.DesiredSubsets(Svc(), [P("a", "10.42.0.2", true)]).ShouldBeEmpty();

    [Fact]
    public void AddressFor_UnboundPod_HasNoNodeName()
    {
        var pod = P("a", "10.42.0.2", true);
        pod.Spec.NodeName = "";
        EndpointsController.AddressFor(Svc(), pod)!.NodeName.ShouldBeNull();
    }

    [Fact]
    public void AddressFor_PicksTheServiceFamily()
    {
        var pod = P("a", "10.42.0.2", true);
        pod.Status.PodIPs = [new PodIP { Ip = "10.42.0.2" }, new PodIP { Ip = "fd00::2" }];
        var service = Svc();
        service.Spec.IpFamilies = ["IPv6", "IPv4"];
        EndpointsController.AddressFor(service, pod)!.Ip.ShouldBe("fd00::2");
        service.Spec.IpFamilies = ["IPv4"];
        EndpointsController.AddressFor(service, pod)!.Ip.ShouldBe("10.42.0.2");
        pod.Status.PodIPs = [new PodIP { Ip = "fd00::2" }];
        EndpointsController.AddressFor(service, pod).ShouldBeNull();
    }

    [Fact]
    public void TriggerTime_FirstSyncIsTheServiceCreation_ThenTheEarliestNewReadyTransition()
    {
        var tracker = new TriggerTimeTracker();
        var service = Svc();
        service.Metadata.CreationTimestamp = Time.FromUnix(100);
        var a = P("a", "10.42.0.2", true);
        a.Status.Conditions![0].LastTransitionTime = Time.FromUnix(200);
        tracker.ComputeEndpointLastChangeTriggerTime("ns", service, [a]).ShouldBe(Time.FromUnix(100));
        tracker.ComputeEndpointLastChangeTriggerTime("ns", service, [a]).IsZero.ShouldBeTrue();

        var a2 = a.DeepCopy();
        a2.Status.Conditions![0].LastTransitionTime = Time.FromUnix(400);
        var b = P("b", "10.42.0.3", true);
        b.Status.Conditions![0].LastTransitionTime = Time.FromUnix(300);
        tracker.ComputeEndpointLastChangeTriggerTime("ns", service, [a2, b]).ShouldBe(Time.FromUnix(300));

        tracker.DeleteService("ns", "web");
        tracker.ComputeEndpointLastChangeTriggerTime("ns", service, [a2, b]).ShouldBe(Time.FromUnix(100));
    }
}
