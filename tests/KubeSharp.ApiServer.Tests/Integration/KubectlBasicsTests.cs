namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>The real kubectl 1.32 against a real API server (HTTPS, client certificates, SQLite).</summary>
public sealed class KubectlBasicsTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    [Fact]
    public async Task Version_ReportsServerVersion()
    {
        var (code, stdout, _) = await server.KubectlAsync("version");
        code.ShouldBe(0);
        stdout.ShouldContain("Server Version: v1.32.0+kubesharp.test");
    }

    [Fact]
    public async Task GetNamespaces_ListsTheBootstrapNamespaces()
    {
        var (code, stdout, stderr) = await server.KubectlAsync("get ns -o name");
        code.ShouldBe(0, stderr);
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
            ["namespace/default", "namespace/kube-node-lease", "namespace/kube-public", "namespace/kube-system"], ignoreOrder: true);
    }

    [Fact]
    public async Task CreateNamespaceAndConfigMap_ProtobufBodies_AreStoredAndReadBack()
    {
        (await server.KubectlAsync("create namespace proto")).ExitCode.ShouldBe(0);
        var created = await server.KubectlAsync("create configmap cm1 -n proto --from-literal=a=b");
        created.ExitCode.ShouldBe(0, created.Stderr);
        created.Stdout.Trim().ShouldBe("configmap/cm1 created");

        var (code, stdout, stderr) = await server.KubectlAsync("get configmap cm1 -n proto -o jsonpath={.data.a}/{.metadata.namespace}");
        code.ShouldBe(0, stderr);
        stdout.ShouldBe("b/proto");
    }

    [Fact]
    public async Task ApplyMultiDocument_ThenLabelSelectDelete()
    {
        const string manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              mode: fast
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.25
            """;
        var applied = await server.KubectlAsync("apply -f -", manifest);
        applied.ExitCode.ShouldBe(0, applied.Stderr);
        applied.Stdout.ShouldContain("configmap/settings created");
        applied.Stdout.ShouldContain("deployment.apps/web created");

        (await server.KubectlAsync("label configmap settings tier=backend")).ExitCode.ShouldBe(0);
        var selected = await server.KubectlAsync("get configmaps -l tier=backend -o name");
        selected.Stdout.Trim().ShouldBe("configmap/settings");
        var byField = await server.KubectlAsync("get configmaps --field-selector metadata.name=settings -o name");
        byField.Stdout.Trim().ShouldBe("configmap/settings");

        var again = await server.KubectlAsync("apply -f -", manifest);
        again.Stdout.ShouldContain("deployment.apps/web unchanged");

        (await server.KubectlAsync("delete configmap settings")).ExitCode.ShouldBe(0);
        var gone = await server.KubectlAsync("get configmap settings");
        gone.ExitCode.ShouldBe(1);
        gone.Stderr.ShouldContain("Error from server (NotFound): configmaps \"settings\" not found");
    }

    [Fact]
    public async Task UnknownField_IsRejectedWithUpstreamsStrictDecodingError()
    {
        var (code, _, stderr) = await server.KubectlAsync("apply -f -", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\nbogus: 1\n");
        code.ShouldBe(1);
        stderr.ShouldContain("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"bogus\"");
    }

    [Fact]
    public async Task InvalidName_Gets422WithTheFieldCause()
    {
        var (code, _, stderr) = await server.KubectlAsync("create configmap Bad_Name");
        code.ShouldBe(1);
        stderr.ShouldContain("metadata.name: Invalid value: \"Bad_Name\"");
    }

    [Fact]
    public async Task CreateInMissingNamespace_IsNotFound()
    {
        var (code, _, stderr) = await server.KubectlAsync("create configmap x -n nowhere");
        code.ShouldBe(1);
        stderr.ShouldContain("namespaces \"nowhere\" not found");
    }

    [Fact]
    public async Task GetNamespaces_PrintsTheServersTableColumns()
    {
        var (code, stdout, stderr) = await server.KubectlAsync("get ns kube-system");
        code.ShouldBe(0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["NAME", "STATUS", "AGE"]);
        lines[1].ShouldStartWith("kube-system");
        lines[1].ShouldContain("Active");
    }

    [Fact]
    public async Task Patches_JsonMergeStrategicAndServerSideApply()
    {
        (await server.KubectlAsync("create deployment patched --image=nginx:1.25")).ExitCode.ShouldBe(0);

        var json = await server.KubectlAsync("patch deployment patched --type=json -p '[{\"op\":\"add\",\"path\":\"/metadata/labels/patched\",\"value\":\"yes\"}]'");
        json.ExitCode.ShouldBe(0, json.Stderr);
        var image = await server.KubectlAsync("set image deployment/patched nginx=nginx:1.27");
        image.ExitCode.ShouldBe(0, image.Stderr);
        var merge = await server.KubectlAsync("patch deployment patched --type=merge -p '{\"spec\":{\"replicas\":4}}'");
        merge.ExitCode.ShouldBe(0, merge.Stderr);

        var (code, stdout, stderr) = await server.KubectlAsync("get deployment patched -o jsonpath={.metadata.labels.patched}/{.spec.template.spec.containers[0].image}/{.spec.replicas}/{.metadata.generation}");
        code.ShouldBe(0, stderr);
        stdout.ShouldBe("yes/nginx:1.27/4/3");

        const string applied = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: \"1\"\n";
        var ssa = await server.KubectlAsync("apply --server-side -f -", applied);
        ssa.ExitCode.ShouldBe(0, ssa.Stderr);
        ssa.Stdout.ShouldContain("configmap/ssa serverside-applied");
        var managers = await server.KubectlAsync("get configmap ssa -o jsonpath={.metadata.managedFields[*].manager}");
        managers.Stdout.ShouldContain("kubectl");
    }

    [Fact]
    public async Task Replace_WithAStaleResourceVersion_Is409()
    {
        (await server.KubectlAsync("create configmap stale --from-literal=a=1")).ExitCode.ShouldBe(0);
        var (_, yaml, _) = await server.KubectlAsync("get configmap stale -o yaml");
        (await server.KubectlAsync("label configmap stale touched=yes")).ExitCode.ShouldBe(0);

        var (code, _, stderr) = await server.KubectlAsync("replace -f -", yaml);

        code.ShouldBe(1);
        stderr.ShouldContain("Error from server (Conflict)");
        stderr.ShouldContain("the object has been modified; please apply your changes to the latest version and try again");
    }

    [Fact]
    public async Task StatusSubresource_OwnsStatus_MainResourceIgnoresIt()
    {
        (await server.KubectlAsync("create deployment statusful --image=nginx")).ExitCode.ShouldBe(0);

        var viaStatus = await server.KubectlAsync("patch deployment statusful --subresource=status --type=merge -p '{\"status\":{\"replicas\":5}}'");
        viaStatus.ExitCode.ShouldBe(0, viaStatus.Stderr);
        var viaMain = await server.KubectlAsync("patch deployment statusful --type=merge -p '{\"status\":{\"replicas\":9}}'");
        viaMain.ExitCode.ShouldBe(0, viaMain.Stderr);

        var (_, stdout, _) = await server.KubectlAsync("get deployment statusful -o jsonpath={.status.replicas}/{.metadata.generation}");
        stdout.ShouldBe("5/1");
    }

    [Fact]
    public async Task StatusReplace_WithAStaleResourceVersion_Is409()
    {
        (await server.KubectlAsync("create deployment stalestatus --image=nginx")).ExitCode.ShouldBe(0);
        var (_, yaml, _) = await server.KubectlAsync("get deployment stalestatus -o yaml");
        (await server.KubectlAsync("label deployment stalestatus touched=yes")).ExitCode.ShouldBe(0);

        var (code, _, stderr) = await server.KubectlAsync("replace --subresource=status -f -", yaml);

        code.ShouldBe(1);
        stderr.ShouldContain("Error from server (Conflict)");
        stderr.ShouldContain("the object has been modified; please apply your changes to the latest version and try again");
    }

    [Fact]
    public async Task CreateJob_GetsAGeneratedSelectorAndTemplateLabels()
    {
        var created = await server.KubectlAsync("create job once --image=busybox");
        created.ExitCode.ShouldBe(0, created.Stderr);

        var (_, stdout, _) = await server.KubectlAsync("get job once -o jsonpath={.metadata.uid}/{.spec.selector.matchLabels.batch\\.kubernetes\\.io/controller-uid}/{.spec.template.metadata.labels.job-name}");
        var parts = stdout.Split('/');
        parts[1].ShouldBe(parts[0]);
        parts[2].ShouldBe("once");
    }

    [Fact]
    public async Task GetRaw_ReturnsTheListJson()
    {
        var (code, stdout, _) = await server.KubectlAsync("get --raw /api/v1/namespaces/kube-system/configmaps");
        code.ShouldBe(0);
        stdout.ShouldStartWith("{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":");
    }
}
