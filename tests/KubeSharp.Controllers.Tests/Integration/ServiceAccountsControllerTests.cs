using KubeSharp.Api.Core.V1;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>The serviceaccount controller against the real API server.</summary>
public class ServiceAccountsControllerTests(ControllersFixture fixture) : IClassFixture<ControllersFixture>
{
    [Fact]
    public async Task EveryNamespace_GetsDefaultServiceAccount_RecreatedWhenDeleted()
    {
        var ns = new Namespace();
        ns.Metadata.Name = "sa-test";
        await fixture.Client.Resource<Namespace>().CreateAsync(ns);
        var accounts = fixture.Client.Resource<ServiceAccount>("sa-test");
        await ControllersFixture.EventuallyAsync(async () => await accounts.TryGetAsync("default") is not null, "default ServiceAccount in sa-test");

        // Existing namespaces get one too.
        await ControllersFixture.EventuallyAsync(async () => await fixture.Client.Resource<ServiceAccount>("kube-system").TryGetAsync("default") is not null, "default ServiceAccount in kube-system");

        var (code, _, stderr) = await fixture.KubectlAsync("delete serviceaccount default -n sa-test");
        code.ShouldBe(0, stderr);
        await ControllersFixture.EventuallyAsync(async () => await accounts.TryGetAsync("default") is not null, "default ServiceAccount recreated");
    }
}
