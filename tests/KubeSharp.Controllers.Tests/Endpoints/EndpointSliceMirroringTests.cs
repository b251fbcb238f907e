using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Discovery.V1;
using KubeSharp.Controllers.Endpoints;

namespace KubeSharp.Controllers.Tests.Endpoints;

/// <summary>Cases after upstream endpointslicemirroring reconciler_test.go and utils_test.go.</summary>
public class EndpointSliceMirroringTests
{
    private static Api.Core.V1.Endpoints Ep(params EndpointSubset[] subsets)
    {
        var e = new Api.Core.V1.Endpoints();
        e.Metadata.Name = "db";
        e.Metadata.Namespace = "ns";
        e.Metadata.Uid = "ep-uid";
        e.Metadata.Labels = new() { ["team"] = "a" };
        e.Metadata.Annotations = new()
        {
            ["note"] = "x",
            [EndpointsUtil.LastChangeTriggerTimeAnnotation] = "2024-01-01T00:00:00Z",
            ["kubectl.kubernetes.io/last-applied-configuration"] = "{}",
        };
        e.Subsets = [.. subsets];
        return e;
    }

    private static EndpointSubset Subset(string[] ready, string[]? notReady = null, int port = 5432)
        => new()
        {
            Addresses = [.. ready.Select(ip => new EndpointAddress { Ip = ip })],
            NotReadyAddresses = notReady is null ? null : [.. notReady.Select(ip => new EndpointAddress { Ip = ip })],
            Ports = [new Api.Core.V1.EndpointPort { Name = "pg", Port = port, Protocol = "TCP" }],
        };

    private static List<EndpointSlice> Stored(EndpointSlicePlan plan)
    {
        var n = 0;
        return [.. plan.ToCreate.Concat(plan.ToUpdate).Select(s =>
        {
            var copy = s.DeepCopy();
            if (copy.Metadata.Name.Length == 0)
            {
                copy.Metadata.Name = copy.Metadata.GenerateName + "m" + n++;
            }
            return copy;
        })];
    }

    [Fact]
    public void Mirror_OneSlicePerAddressType_ReadyAndNotReady_LabelsAnnotationsOwner()
    {
        var plan = EndpointSliceMirroringController.Reconcile(Ep(Subset(["10.0.0.1", "fd00::1"], ["10.0.0.2"])), [], 1000, out var invalid, out var skipped);
        (invalid, skipped).ShouldBe((0, 0));
        plan.ToCreate.Count.ShouldBe(2);
        var v4 = plan.ToCreate.Single(s => s.AddressType == "IPv4");
        v4.Metadata.GenerateName.ShouldBe("db-");
        v4.Endpoints!.Select(e => (e.Addresses!.Single(), e.Conditions.Ready)).ShouldBe([("10.0.0.1", (bool?)true), ("10.0.0.2", (bool?)false)], ignoreOrder: true);
        v4.Metadata.Labels.ShouldBe(new Dictionary<string, string>
        {
            ["team"] = "a",
            ["kubernetes.io/service-name"] = "db",
            ["endpointslice.kubernetes.io/managed-by"] = "endpointslicemirroring-controller.k8s.io",
        }, ignoreOrder: true);
        v4.Metadata.Annotations.ShouldBe(new Dictionary<string, string> { ["note"] = "x" });
        var owner = v4.Metadata.OwnerReferences.ShouldHaveSingleItem();
        (owner.Kind, owner.Name, owner.Uid, owner.Controller).ShouldBe(("Endpoints", "db", "ep-uid", (bool?)true));
        var port = v4.Ports.ShouldHaveSingleItem();
        (port.Name, port.Port, port.Protocol).ShouldBe(("pg", (int?)5432, "TCP"));
        plan.ToCreate.Single(s => s.AddressType == "IPv6").Endpoints!.Single().Addresses.ShouldBe(["fd00::1"]);
    }

    [Fact]
    public void Mirror_Unchanged_NothingWritten_Changed_UpdatedInPlace()
    {
        var first = EndpointSliceMirroringController.Reconcile(Ep(Subset(["10.0.0.1"])), [], 1000, out _, out _);
        var stored = Stored(first);
        var again = EndpointSliceMirroringController.Reconcile(Ep(Subset(["10.0.0.1"])), stored, 1000, out _, out _);
        (again.ToCreate.Count, again.ToUpdate.Count, again.ToDelete.Count).ShouldBe((0, 0, 0));

        var changed = EndpointSliceMirroringController.Reconcile(Ep(Subset(["10.0.0.1", "10.0.0.3"])), stored, 1000, out _, out _);
        changed.ToCreate.ShouldBeEmpty();
        changed.ToUpdate.ShouldHaveSingleItem().Metadata.Name.ShouldBe(stored[0].Metadata.Name);
        changed.ToUpdate[0].Endpoints!.Count.ShouldBe(2);
    }

    [Fact]
    public void Mirror_NewPorts_RecyclesTheOldSlice_NoSubsets_DeletesAll()
    {
        var stored = Stored(EndpointSliceMirroringController.Reconcile(Ep(Subset(["10.0.0.1"])), [], 1000, out _, out _));
        var moved = EndpointSliceMirroringController.Reconcile(Ep(Subset(["10.0.0.1"], port: 6543)), stored, 1000, out _, out _);
        moved.ToCreate.ShouldBeEmpty();
        moved.ToDelete.ShouldBeEmpty();
        moved.ToUpdate.ShouldHaveSingleItem().Ports!.Single().Port.ShouldBe(6543);

        var empty = EndpointSliceMirroringController.Reconcile(Ep(), stored, 1000, out _, out _);
        empty.ToDelete.ShouldHaveSingleItem().Metadata.Name.ShouldBe(stored[0].Metadata.Name);
    }

    [Fact]
    public void Mirror_InvalidIpsAndAddressesBeyondTheMaximum_AreSkipped()
    {
        var plan = EndpointSliceMirroringController.Reconcile(Ep(Subset(["10.0.0.1", "not-an-ip", "10.0.0.2", "10.0.0.3"])), [], 2, out var invalid, out var skipped);
        invalid.ShouldBe(1);
        skipped.ShouldBe(2);
        plan.ToCreate.Single(s => s.AddressType == "IPv4").Endpoints!.Select(e => e.Addresses!.Single()).ShouldBe(["10.0.0.1", "10.0.0.2"]);
    }

    [Fact]
    public void AddressToEndpoint_KeepsHostnameNodeAndTarget()
    {
        var address = new EndpointAddress { Ip = "10.0.0.1", Hostname = "h", NodeName = "n1", TargetRef = new ObjectReference { Kind = "Pod", Name = "p" } };
        var (endpoint, type) = EndpointSliceMirroringController.AddressToEndpoint(address, ready: true)!.Value;
        type.ShouldBe("IPv4");
        (endpoint.Hostname, endpoint.NodeName, endpoint.TargetRef!.Name, endpoint.Conditions.Ready).ShouldBe(("h", "n1", "p", (bool?)true));
        EndpointSliceMirroringController.AddressToEndpoint(new EndpointAddress { Ip = "1.2" }, true).ShouldBeNull();
    }
}
