namespace KubeSharp.ApiServer.Tests.OpenApi;

/// <summary>The real kubectl (1.30 to 1.33) against discovery and OpenAPI served by <see cref="MinimalApiServer"/>.
/// Skips a version whose binary is not installed.</summary>
public class KubectlCompatibilityTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\ndata:\n  a: \"1\"\n";

    public static TheoryData<string> Versions => new() { "32", "30", "31", "33" };

    private static async Task<(MinimalApiServer Server, KubectlRunner Kubectl)?> StartAsync(string minor)
    {
        var binary = KubectlRunner.BinaryFor(minor);
        if (!File.Exists(binary))
        {
            return null;
        }
        var server = await MinimalApiServer.StartAsync(minor);
        return (server, new KubectlRunner(binary, server.BaseAddress));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task ApiResources_ListsEveryGroupWithShortNames(string minor)
    {
        if (await StartAsync(minor) is not var (server, kubectl))
        {
            return;
        }
        await using var _ = server;
        using var __ = kubectl;
        var (code, stdout, stderr) = await kubectl.RunAsync("api-resources");
        code.ShouldBe(0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("NAME");
        foreach (var group in server.Catalog.Current.Registry.Groups)
        {
            var apiVersion = group.Name.Length == 0 ? "v1" : group.Name + "/" + group.PreferredVersion;
            lines.ShouldContain(l => l.Contains(" " + apiVersion + " ", StringComparison.Ordinal), apiVersion);
        }
        lines.ShouldContain(l => l.StartsWith("deployments ", StringComparison.Ordinal) && l.Contains(" deploy ", StringComparison.Ordinal) && l.Contains("apps/v1", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("customresourcedefinitions ", StringComparison.Ordinal) && l.Contains("crd,crds", StringComparison.Ordinal));
        // Aggregated discovery: no per-group-version requests.
        server.Requests.ShouldNotContain(r => r.StartsWith("GET /apis/apps/v1 ", StringComparison.Ordinal) || r.StartsWith("GET /apis/apps/v1?", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task ApiResourcesWide_ShowsVerbsAndCategories(string minor)
    {
        if (await StartAsync(minor) is not var (server, kubectl))
        {
            return;
        }
        await using var _ = server;
        using var __ = kubectl;
        var (code, stdout, stderr) = await kubectl.RunAsync("api-resources", "-o", "wide");
        code.ShouldBe(0, stderr);
        var pods = stdout.Split('\n').First(l => l.StartsWith("pods ", StringComparison.Ordinal));
        pods.ShouldContain("create,delete,deletecollection,get,list,patch,update,watch");
        pods.ShouldContain("all");
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Explain_WalksSchemasOfCoreAndGroupKinds(string minor)
    {
        if (await StartAsync(minor) is not var (server, kubectl))
        {
            return;
        }
        await using var _ = server;
        using var __ = kubectl;
        var (code, stdout, stderr) = await kubectl.RunAsync("explain", "pod.spec.containers");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("KIND:       Pod");
        stdout.ShouldContain("FIELD: containers <[]Container>");
        stdout.ShouldContain("name\t<string> -required-");
        stdout.ShouldContain("enum: Always, IfNotPresent, Never");

        (code, stdout, stderr) = await kubectl.RunAsync("explain", "deployment.spec.strategy");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("GROUP:      apps");
        stdout.ShouldContain("FIELD: strategy <DeploymentStrategy>");
        stdout.ShouldContain("rollingUpdate\t<RollingUpdateDeployment>");
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Apply_SendsFieldValidationStrict_WithoutDownloadingOpenApiV2(string minor)
    {
        if (await StartAsync(minor) is not var (server, kubectl))
        {
            return;
        }
        await using var _ = server;
        using var __ = kubectl;
        var file = kubectl.WriteFile("cm.yaml", ConfigMap);
        var (code, stdout, stderr) = await kubectl.RunAsync("apply", "-f", file, "--validate=strict", "-v=6");
        // The minimal server has no configmaps: the POST gets a 404 Status, but it must carry fieldValidation=Strict.
        code.ShouldBe(1);
        stderr.ShouldNotContain("failed to download openapi");
        stderr.ShouldNotContain("/openapi/v2");
        // -v=6 logs each request's URL (1.33 in structured form); the server saw the same requests.
        stderr.ShouldContain(server.BaseAddress.GetLeftPart(UriPartial.Authority)
            + "/api/v1/namespaces/default/configmaps?fieldManager=kubectl-client-side-apply&fieldValidation=Strict");
        server.Requests.ShouldContain(r => r.StartsWith("GET /openapi/v3/api/v1?hash=", StringComparison.Ordinal));
        server.Requests.ShouldContain(r => r.StartsWith(
            "POST /api/v1/namespaces/default/configmaps?fieldManager=kubectl-client-side-apply&fieldValidation=Strict ", StringComparison.Ordinal));
        stderr.ShouldContain("Error from server (NotFound)");
        stdout.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task CreateDryRunClient_Works(string minor)
    {
        if (await StartAsync(minor) is not var (server, kubectl))
        {
            return;
        }
        await using var _ = server;
        using var __ = kubectl;
        var file = kubectl.WriteFile("cm.yaml", ConfigMap);
        var (code, stdout, stderr) = await kubectl.RunAsync("create", "-f", file, "--dry-run=client");
        code.ShouldBe(0, stderr);
        stdout.Trim().ShouldBe("configmap/cm1 created (dry run)");
    }
}
