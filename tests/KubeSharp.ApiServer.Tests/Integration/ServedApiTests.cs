using KubeSharp.Api.Registry;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>Discovery and REST serve what a v1.32 cluster serves by default, not the newer schema snapshot's extras.</summary>
public sealed class ServedApiTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    [Fact]
    public void Registry_LeavesOutWhatV132DoesNotServe_AndKeepsTheRest()
    {
        var served = ServedApi.Registry.Resources.Select(r => (r.Group, r.Resource)).ToHashSet();
        served.ShouldNotContain(("networking.k8s.io", "servicecidrs"));
        served.ShouldNotContain(("resource.k8s.io", "resourceclaims"));
        served.ShouldNotContain(("storage.k8s.io", "volumeattributesclasses"));
        served.ShouldContain(("networking.k8s.io", "ingresses"));
        served.ShouldContain(("storage.k8s.io", "storageclasses"));
        served.ShouldContain(("admissionregistration.k8s.io", "validatingadmissionpolicies"));
        ServedApi.Registry.TryGetGroup("resource.k8s.io", out _).ShouldBeFalse();
        ServedApi.Registry.Resources.Length.ShouldBe(ResourceRegistry.Default.Resources.Length - 13);
    }

    [Fact]
    public async Task Kubectl_DoesNotSeeThem()
    {
        var networking = await server.KubectlAsync("api-resources --api-group=networking.k8s.io -o name");
        networking.ExitCode.ShouldBe(0, networking.Stderr);
        networking.Stdout.ShouldContain("ingresses.networking.k8s.io");
        networking.Stdout.ShouldNotContain("servicecidrs");
        networking.Stdout.ShouldNotContain("ipaddresses");

        var groups = await server.KubectlAsync("api-versions");
        groups.Stdout.ShouldNotContain("resource.k8s.io");
        groups.Stdout.ShouldNotContain("storagemigration.k8s.io");

        var missing = await server.KubectlAsync("get --raw /apis/networking.k8s.io/v1/servicecidrs");
        missing.ExitCode.ShouldBe(1);
        missing.Stderr.ShouldContain("NotFound");
    }
}
