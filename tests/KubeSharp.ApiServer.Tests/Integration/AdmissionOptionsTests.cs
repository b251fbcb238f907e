using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>A server whose ServiceAccount admission insists on existing ServiceAccounts (upstream's behaviour) and
/// whose default not-ready toleration is 60 s.</summary>
public sealed class StrictAdmissionFixture : ApiServerFixture
{
    protected override ApiServerOptions Configure(ApiServerOptions options)
        => options with { RequireServiceAccounts = true, DefaultNotReadyTolerationSeconds = 60, DefaultUnreachableTolerationSeconds = 90 };
}

/// <summary>The admission options: --default-*-toleration-seconds and the ServiceAccount existence check.</summary>
public sealed class AdmissionOptionsTests(StrictAdmissionFixture server) : IClassFixture<StrictAdmissionFixture>
{
    [Fact]
    public async Task PodsNeedTheirServiceAccount_AndGetTheConfiguredTolerationSeconds()
    {
        (await server.KubectlAsync("create namespace strict")).ExitCode.ShouldBe(0);
        var refused = await server.KubectlAsync("run early -n strict --image=nginx");
        refused.ExitCode.ShouldBe(1);
        refused.Stderr.Trim().ShouldBe(
            "Error from server (Forbidden): pods \"early\" is forbidden: error looking up service account strict/default: serviceaccount \"default\" not found");

        // What the serviceaccount controller will do: the namespace's default ServiceAccount.
        (await server.KubectlAsync("create serviceaccount default -n strict")).ExitCode.ShouldBe(0);
        var created = await server.KubectlAsync("run early -n strict --image=nginx -o json");
        created.ExitCode.ShouldBe(0, created.Stderr);
        var tolerations = JsonNode.Parse(created.Stdout)!["spec"]!["tolerations"]!.AsArray();
        tolerations.Select(t => (t!["key"]!.GetValue<string>(), t["tolerationSeconds"]!.GetValue<long>()))
            .ShouldBe([("node.kubernetes.io/not-ready", 60L), ("node.kubernetes.io/unreachable", 90L)]);
    }
}
