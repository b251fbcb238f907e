using System.Text.Json;
using KubeSharp.Api.Registry;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>kubectl 1.30 against its own server.</summary>
public sealed class KubectlAcceptance130Tests(ApiServerFixture server)
    : KubectlAcceptanceTests(server, KubectlBinaries.V130), IClassFixture<ApiServerFixture>;

/// <summary>kubectl 1.31 against its own server.</summary>
public sealed class KubectlAcceptance131Tests(ApiServerFixture server)
    : KubectlAcceptanceTests(server, KubectlBinaries.V131), IClassFixture<ApiServerFixture>;

/// <summary>kubectl 1.32 against its own server.</summary>
public sealed class KubectlAcceptance132Tests(ApiServerFixture server)
    : KubectlAcceptanceTests(server, KubectlBinaries.V132), IClassFixture<ApiServerFixture>;

/// <summary>kubectl 1.33 against its own server.</summary>
public sealed class KubectlAcceptance133Tests(ApiServerFixture server)
    : KubectlAcceptanceTests(server, KubectlBinaries.V133), IClassFixture<ApiServerFixture>;

/// <summary>The system kubectl (a dispatcher choosing the binary by the server's minor version) against its own server.</summary>
public sealed class KubectlAcceptanceSystemTests(ApiServerFixture server)
    : KubectlAcceptanceTests(server, KubectlBinaries.System), IClassFixture<ApiServerFixture>;

/// <summary>The kubectl binaries the acceptance suite runs with.</summary>
public static class KubectlBinaries
{
    public const string V130 = "/usr/lib/google-cloud-sdk/bin/kubectl.1.30";
    public const string V131 = "/usr/lib/google-cloud-sdk/bin/kubectl.1.31";
    public const string V132 = "/usr/lib/google-cloud-sdk/bin/kubectl.1.32";
    public const string V133 = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33";
    public const string System = "/usr/bin/kubectl";
}

/// <summary>
/// The issue's acceptance list: the real kubectl, with the kubeconfig the server wrote and a fresh discovery cache per
/// call, drives a real server (one per kubectl version). Every test works in its own namespace.
/// </summary>
public abstract class KubectlAcceptanceTests(ApiServerFixture server, string kubectl)
{
    protected const string Manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
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
                ports:
                - containerPort: 80
              - name: sidecar
                image: busybox:1.36
                command: ["sleep", "3600"]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector: {app: web}
          ports:
          - port: 80
            targetPort: 80
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
        data:
          mode: fast
        """;

    protected ApiServerFixture Server => server;

    protected string KubectlPath => kubectl;

    protected Task<(int ExitCode, string Stdout, string Stderr)> Kubectl(string arguments, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
        => server.RunKubectlAsync(kubectl, arguments, stdin, environment);

    /// <summary>Runs kubectl and fails with its stderr unless it exits 0; returns stdout.</summary>
    protected async Task<string> Ok(string arguments, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (code, stdout, stderr) = await Kubectl(arguments, stdin, environment);
        code.ShouldBe(0, $"kubectl {arguments}\n{stderr}");
        return stdout;
    }

    /// <summary>Creates the test's namespace through kubectl and returns its name.</summary>
    protected async Task<string> Namespace(string name)
    {
        (await Ok("create namespace " + name)).Trim().ShouldBe($"namespace/{name} created");
        return name;
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Version_PrintsTheServersVersion()
    {
        var stdout = await Ok("version");
        stdout.ShouldContain("Server Version: " + ApiServerFixture.GitVersion);
    }

    [Fact]
    public async Task ClusterInfo_NamesTheControlPlaneAddress()
    {
        var stdout = await Ok("cluster-info");
        stdout.ShouldContain("Kubernetes control plane");
        stdout.ShouldContain(server.Host.Address.ToString().TrimEnd('/'));
    }

    [Fact]
    public async Task ApiResources_ListsEveryServedResourceOfEveryGroupWithShortNames()
    {
        var stdout = await Ok("api-resources");
        var lines = Lines(stdout);
        var header = lines[0];
        int Column(string name) => header.IndexOf(name, StringComparison.Ordinal);
        var starts = new[] { 0, Column("SHORTNAMES"), Column("APIVERSION"), Column("NAMESPACED"), Column("KIND") };
        string Cell(string line, int i) => (i + 1 < starts.Length ? line[starts[i]..Math.Min(line.Length, starts[i + 1])] : line[starts[i]..]).Trim();
        var listed = lines.Skip(1)
            .Select(l => (Name: Cell(l, 0), ShortNames: Cell(l, 1), ApiVersion: Cell(l, 2), Namespaced: Cell(l, 3), Kind: Cell(l, 4)))
            .ToList();

        // Expected: every resource of the registry in its group's preferred version (what discovery serves).
        var registry = KubeSharp.ApiServer.Registry.ServedApi.Registry;
        var expected = registry.Resources
            .Where(r => registry.GetPreferredVersion(r.Group) == r.Version)
            .Select(r => (Name: r.Resource, ShortNames: string.Join(',', r.ShortNames), r.ApiVersion, Namespaced: r.Namespaced ? "true" : "false", r.Kind))
            .ToList();
        listed.ShouldBe(expected, ignoreOrder: true);
        listed.Select(r => r.ApiVersion.Contains('/', StringComparison.Ordinal) ? r.ApiVersion.Split('/')[0] : "")
            .Distinct().Count().ShouldBe(registry.Groups.Length);
        listed.ShouldContain(("deployments", "deploy", "apps/v1", "true", "Deployment"));
        listed.ShouldContain(("customresourcedefinitions", "crd,crds", "apiextensions.k8s.io/v1", "false", "CustomResourceDefinition"));
    }

    [Fact]
    public async Task Explain_PodSpecContainers_ListsTheContainerFields()
    {
        var stdout = await Ok("explain pod.spec.containers");
        stdout.ShouldContain("KIND:       Pod");
        stdout.ShouldContain("VERSION:    v1");
        stdout.ShouldContain("FIELD: containers <[]Container>");
        stdout.ShouldContain("  image\t<string>");
        stdout.ShouldContain("  name\t<string> -required-");
        stdout.ShouldContain("  ports\t<[]ContainerPort>");
        stdout.ShouldContain("  resources\t<ResourceRequirements>");
    }

    [Fact]
    public async Task GetNamespaces_ListsTheBootstrapNamespacesAsATable()
    {
        var stdout = await Ok("get ns");
        var lines = Lines(stdout);
        lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["NAME", "STATUS", "AGE"]);
        var names = lines.Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        names.Select(n => n[0]).ShouldContain("default");
        names.Select(n => n[0]).ShouldContain("kube-system");
        names.ShouldAllBe(n => n[1] == "Active");
    }

    [Fact]
    public async Task CreateNamespace_IsActive()
    {
        var ns = await Namespace("acc-create-ns");
        (await Ok($"get ns {ns} -o jsonpath={{.status.phase}}")).ShouldBe("Active");
        var (code, _, stderr) = await Kubectl($"create namespace {ns}");
        code.ShouldBe(1);
        stderr.ShouldContain($"Error from server (AlreadyExists): namespaces \"{ns}\" already exists");
    }

    [Fact]
    public async Task ApplyMultiDocument_ThenApplyAnEdit_ChangesOneImageAndKeepsTheRest()
    {
        var ns = await Namespace("acc-apply");
        var first = await Ok($"apply -n {ns} -f -", Manifest);
        Lines(first).ShouldBe(["deployment.apps/web created", "service/web created", "configmap/web-config created"]);

        // A change made outside the manifest survives the next apply (three-way strategic merge).
        await Ok($"annotate deployment web -n {ns} owner=ops");
        var edited = Manifest.Replace("nginx:1.25", "nginx:1.27", StringComparison.Ordinal);
        var second = await Ok($"apply -n {ns} -f -", edited);
        Lines(second).ShouldBe(["deployment.apps/web configured", "service/web unchanged", "configmap/web-config unchanged"]);

        var json = await Ok($"get deployment web -n {ns} -o json");
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var containers = root.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers");
        containers.GetArrayLength().ShouldBe(2);
        containers[0].GetProperty("name").GetString().ShouldBe("web");
        containers[0].GetProperty("image").GetString().ShouldBe("nginx:1.27");
        containers[0].GetProperty("ports")[0].GetProperty("containerPort").GetInt32().ShouldBe(80);
        containers[1].GetProperty("name").GetString().ShouldBe("sidecar");
        containers[1].GetProperty("image").GetString().ShouldBe("busybox:1.36");
        containers[1].GetProperty("command").EnumerateArray().Select(e => e.GetString()).ShouldBe(["sleep", "3600"]);
        var metadata = root.GetProperty("metadata");
        // Created 1; the annotate bumps it (upstream's Deployment strategy: annotations are copied to ReplicaSets); the edit 3.
        metadata.GetProperty("generation").GetInt64().ShouldBe(3);
        var annotations = metadata.GetProperty("annotations");
        annotations.GetProperty("owner").GetString().ShouldBe("ops");
        var lastApplied = annotations.GetProperty("kubectl.kubernetes.io/last-applied-configuration").GetString()!;
        lastApplied.ShouldContain("\"image\":\"nginx:1.27\"");
        lastApplied.ShouldNotContain("nginx:1.25");
        lastApplied.ShouldNotContain("owner");

        // Dropping a field from the manifest removes it: it was in the last applied configuration.
        var withoutCommand = edited.Replace("        command: [\"sleep\", \"3600\"]\n", "", StringComparison.Ordinal);
        withoutCommand.ShouldNotContain("command");
        Lines(await Ok($"apply -n {ns} -f -", withoutCommand)).ShouldContain("deployment.apps/web configured");
        (await Ok($"get deployment web -n {ns} -o jsonpath={{.spec.template.spec.containers[1].command}}|{{.metadata.annotations.owner}}"))
            .ShouldBe("|ops");
    }

    [Fact]
    public async Task ApplyServerSide_ThenAnotherManagerConflicts_AndForceTakesOwnership()
    {
        var ns = await Namespace("acc-ssa");
        const string mine = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\ndata:\n  a: \"1\"\n  b: \"2\"\n";
        (await Ok($"apply --server-side -n {ns} -f -", mine)).Trim().ShouldBe("configmap/shared serverside-applied");
        (await Ok($"apply --server-side -n {ns} -f -", mine)).Trim().ShouldBe("configmap/shared serverside-applied");

        const string theirs = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\ndata:\n  a: \"9\"\n";
        var (code, _, stderr) = await Kubectl($"apply --server-side --field-manager=other -n {ns} -f -", theirs);
        code.ShouldBe(1);
        stderr.ShouldContain("Apply failed with 1 conflict: conflict with \"kubectl\": .data.a");
        stderr.ShouldContain("--force-conflicts");
        (await Ok($"get configmap shared -n {ns} -o jsonpath={{.data.a}}")).ShouldBe("1");

        await Ok($"apply --server-side --field-manager=other --force-conflicts -n {ns} -f -", theirs);
        var json = await Ok($"get configmap shared -n {ns} -o json --show-managed-fields");
        using var doc = JsonDocument.Parse(json);
        doc.RootElement.GetProperty("data").GetProperty("a").GetString().ShouldBe("9");
        doc.RootElement.GetProperty("data").GetProperty("b").GetString().ShouldBe("2");
        var owners = doc.RootElement.GetProperty("metadata").GetProperty("managedFields").EnumerateArray()
            .ToDictionary(e => e.GetProperty("manager").GetString()!, e => e.GetProperty("fieldsV1").GetProperty("f:data").EnumerateObject().Select(p => p.Name).ToList());
        owners["kubectl"].ShouldBe(["f:b"]);
        owners["other"].ShouldBe(["f:a"]);
    }

    [Fact]
    public async Task ImperativeWrites_AreTrackedAsUpdates_AndConflictWithServerSideApply()
    {
        var ns = await Namespace("acc-managed");
        await Ok($"create configmap tracked -n {ns} --from-literal=a=1");
        await Ok($"label configmap tracked -n {ns} tier=web");
        var json = await Ok($"get configmap tracked -n {ns} -o json --show-managed-fields");
        using (var doc = JsonDocument.Parse(json))
        {
            var entries = doc.RootElement.GetProperty("metadata").GetProperty("managedFields").EnumerateArray()
                .Select(e => (Manager: e.GetProperty("manager").GetString(), Operation: e.GetProperty("operation").GetString(), Fields: System.Text.Json.Nodes.JsonNode.Parse(e.GetProperty("fieldsV1").GetRawText())!.ToJsonString()))
                .ToList();
            entries.Select(e => (e.Manager, e.Operation)).ShouldBe([("kubectl-create", "Update"), ("kubectl-label", "Update")]);
            entries[0].Fields.ShouldBe("{\"f:data\":{\".\":{},\"f:a\":{}}}");
            entries[1].Fields.ShouldBe("{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:tier\":{}}}}");
        }

        const string applied = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tracked\ndata:\n  a: \"2\"\n";
        var (code, _, stderr) = await Kubectl($"apply --server-side -n {ns} -f -", applied);
        code.ShouldBe(1);
        stderr.ShouldContain("Apply failed with 1 conflict: conflict with \"kubectl-create\" using v1: .data.a");
    }

    [Fact]
    public async Task GetDeployment_WideYamlJsonpathAndCustomColumns()
    {
        var ns = await Namespace("acc-output");
        await Ok($"apply -n {ns} -f -", Manifest);

        var wide = Lines(await Ok($"get deploy -n {ns} -o wide"));
        wide[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"]);
        var row = wide[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        row[0].ShouldBe("web");
        row[1].ShouldBe("0/2");
        row[5..].ShouldBe(["web,sidecar", "nginx:1.25,busybox:1.36", "app=web"]);

        var yaml = await Ok($"get deploy web -n {ns} -o yaml");
        yaml.ShouldStartWith("apiVersion: apps/v1\n");
        yaml.ShouldContain("\nkind: Deployment\n");
        yaml.ShouldContain("  replicas: 2\n");
        yaml.ShouldContain("  revisionHistoryLimit: 10\n");
        yaml.ShouldContain("      maxSurge: 25%\n");

        (await Ok($"get deploy web -n {ns} -o jsonpath={{.spec.replicas}}/{{.spec.template.spec.containers[*].name}}/{{.metadata.namespace}}"))
            .ShouldBe($"2/web sidecar/{ns}");

        var columns = Lines(await Ok($"get deploy -n {ns} -o custom-columns=NAME:.metadata.name,IMAGE:.spec.template.spec.containers[0].image,REPLICAS:.spec.replicas"));
        columns.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ShouldBe([["NAME", "IMAGE", "REPLICAS"], ["web", "nginx:1.25", "2"]]);
    }

    [Fact]
    public async Task GetPods_ByLabelAndFieldSelector()
    {
        var ns = await Namespace("acc-select");
        await Ok($"run one -n {ns} --image=nginx -l app=x");
        await Ok($"run two -n {ns} --image=nginx -l app=y --restart=Never");
        await Ok($"run three -n {ns} --image=nginx -l app=x --restart=Never");

        Lines(await Ok($"get pods -n {ns} -l app=x -o name")).ShouldBe(["pod/one", "pod/three"]);
        Lines(await Ok($"get pods -n {ns} -l app!=x -o name")).ShouldBe(["pod/two"]);
        Lines(await Ok($"get pods -n {ns} -l 'app in (x,y)' -o name")).ShouldBe(["pod/one", "pod/three", "pod/two"]);
        Lines(await Ok($"get pods -n {ns} --field-selector metadata.name=two -o name")).ShouldBe(["pod/two"]);
        Lines(await Ok($"get pods -n {ns} --field-selector metadata.name!=two -o name")).ShouldBe(["pod/one", "pod/three"]);
        Lines(await Ok($"get pods -n {ns} --field-selector metadata.name!=one -l app=x -o name")).ShouldBe(["pod/three"]);
        Lines(await Ok($"get pods -A --field-selector metadata.namespace={ns} -l app=y -o name")).ShouldBe(["pod/two"]);

        var table = Lines(await Ok($"get pods -n {ns} -l app=y"));
        table[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
        table[1].ShouldStartWith("two ");
    }

    [Fact]
    public async Task GetWatch_ReceivesAddedModifiedAndDeleted()
    {
        var ns = await Namespace("acc-watch");
        await Ok($"create configmap before -n {ns} --from-literal=a=1");
        using var watch = server.StartKubectl(kubectl, $"get configmaps -n {ns} -w --output-watch-events");
        await watch.WaitForOutputAsync(o => o.Contains("before", StringComparison.Ordinal));

        await Ok($"create configmap watched -n {ns} --from-literal=a=1");
        await Ok($"label configmap watched -n {ns} seen=yes");
        await Ok($"delete configmap watched -n {ns}");
        var output = await watch.WaitForOutputAsync(o => o.Contains("DELETED", StringComparison.Ordinal));

        var rows = Lines(output).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        rows[0].ShouldBe(["EVENT", "NAME", "DATA", "AGE"]);
        rows.Skip(1).Select(r => (r[0], r[1], r[2])).ShouldBe([
            ("ADDED", "before", "1"),
            ("ADDED", "watched", "1"),
            ("MODIFIED", "watched", "1"),
            ("DELETED", "watched", "1"),
        ]);
    }

    [Fact]
    public async Task LabelAndAnnotate_OverwriteAndRemove()
    {
        var ns = await Namespace("acc-label");
        await Ok($"create configmap tagged -n {ns}");
        (await Ok($"label configmap tagged -n {ns} a=1 b=2")).Trim().ShouldBe("configmap/tagged labeled");
        var (code, _, stderr) = await Kubectl($"label configmap tagged -n {ns} a=3");
        code.ShouldBe(1);
        stderr.ShouldContain("'a' already has a value (1), and --overwrite is false");
        await Ok($"label configmap tagged -n {ns} a=3 --overwrite");
        (await Ok($"label configmap tagged -n {ns} b-")).Trim().ShouldBe("configmap/tagged unlabeled");

        (await Ok($"annotate configmap tagged -n {ns} note=hello other=x")).Trim().ShouldBe("configmap/tagged annotated");
        (code, _, stderr) = await Kubectl($"annotate configmap tagged -n {ns} note=bye");
        code.ShouldBe(1);
        stderr.ShouldContain("--overwrite is false");
        await Ok($"annotate configmap tagged -n {ns} note=bye --overwrite");
        await Ok($"annotate configmap tagged -n {ns} other-");

        (await Ok($"get configmap tagged -n {ns} -o jsonpath={{.metadata.labels}}|{{.metadata.annotations}}"))
            .ShouldBe("{\"a\":\"3\"}|{\"note\":\"bye\"}");
    }

    [Fact]
    public async Task Patch_JsonMergeAndStrategic()
    {
        var ns = await Namespace("acc-patch");
        await Ok($"apply -n {ns} -f -", Manifest);

        (await Ok($"patch deployment web -n {ns} --type=json -p '[{{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}},{{\"op\":\"add\",\"path\":\"/metadata/labels/tier\",\"value\":\"front\"}}]'"))
            .Trim().ShouldBe("deployment.apps/web patched");
        await Ok($"patch deployment web -n {ns} --type=merge -p '{{\"metadata\":{{\"labels\":{{\"app\":null,\"merged\":\"yes\"}}}}}}'");
        // Strategic merge: the containers list merges by name, so the other container stays.
        await Ok($"patch deployment web -n {ns} --type=strategic -p '{{\"spec\":{{\"template\":{{\"spec\":{{\"containers\":[{{\"name\":\"sidecar\",\"image\":\"busybox:1.37\"}}]}}}}}}}}'");
        // A merge patch replaces lists wholesale.
        await Ok($"patch configmap web-config -n {ns} --type=merge -p '{{\"data\":{{\"mode\":\"slow\",\"extra\":\"1\"}}}}'");

        (await Ok($"get deployment web -n {ns} -o jsonpath={{.spec.replicas}}|{{.metadata.labels}}|{{.spec.template.spec.containers[*].image}}|{{.metadata.generation}}"))
            .ShouldBe("3|{\"merged\":\"yes\",\"tier\":\"front\"}|nginx:1.25 busybox:1.37|3");
        (await Ok($"get configmap web-config -n {ns} -o jsonpath={{.data}}")).ShouldBe("{\"extra\":\"1\",\"mode\":\"slow\"}");

        (await Ok($"patch deployment web -n {ns} --type=merge -p '{{\"spec\":{{\"replicas\":3}}}}'")).Trim()
            .ShouldBe("deployment.apps/web patched (no change)");

        var (code, _, stderr) = await Kubectl($"patch deployment web -n {ns} --type=json -p '[{{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":7}}]'");
        code.ShouldBe(1);
        // Upstream hides the JSON patch engine's error behind NewGenericServerResponse's generic 422 text.
        stderr.Trim().ShouldBe("The request is invalid: the server rejected our request due to an error in our request");
        (await Ok($"get deployment web -n {ns} -o jsonpath={{.spec.replicas}}")).ShouldBe("3");
    }

    [Fact]
    public async Task Replace_FromAFile_ReplacesTheObject()
    {
        var ns = await Namespace("acc-replace");
        await Ok($"create configmap settings -n {ns} --from-literal=mode=fast --from-literal=keep=no");
        var yaml = await Ok($"get configmap settings -n {ns} -o yaml");
        var changed = yaml.Replace("mode: fast", "mode: slow", StringComparison.Ordinal).Replace("  keep: \"no\"\n", "", StringComparison.Ordinal);
        changed.ShouldNotBe(yaml);
        (await Ok($"replace -f -", changed)).Trim().ShouldBe("configmap/settings replaced");
        (await Ok($"get configmap settings -n {ns} -o jsonpath={{.data}}")).ShouldBe("{\"mode\":\"slow\"}");
    }

    [Fact]
    public async Task Replace_WithAStaleResourceVersion_Is409()
    {
        var ns = await Namespace("acc-stale");
        await Ok($"create configmap stale -n {ns} --from-literal=a=1");
        var yaml = await Ok($"get configmap stale -n {ns} -o yaml");
        await Ok($"label configmap stale -n {ns} touched=yes");

        var (code, _, stderr) = await Kubectl("replace -f -", yaml);
        code.ShouldBe(1);
        stderr.ShouldContain("Error from server (Conflict)");
        stderr.ShouldContain("Operation cannot be fulfilled on configmaps \"stale\": the object has been modified; please apply your changes to the latest version and try again");
    }

    [Fact]
    public async Task Edit_ThroughAnEditorScript()
    {
        var ns = await Namespace("acc-edit");
        await Ok($"create configmap edited -n {ns} --from-literal=mode=fast");
        var script = Path.Combine(server.Root, $"editor-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\nsed -i 's/mode: fast/mode: edited/' \"$1\"\n");

        var stdout = await Ok($"edit configmap edited -n {ns}", environment: new Dictionary<string, string> { ["KUBE_EDITOR"] = "sh " + script });
        stdout.Trim().ShouldBe("configmap/edited edited");
        (await Ok($"get configmap edited -n {ns} -o jsonpath={{.data.mode}}")).ShouldBe("edited");
    }

    [Fact]
    public async Task DeleteFromFile_DeletesEveryDocument()
    {
        var ns = await Namespace("acc-delete");
        var manifest = Path.Combine(server.Root, $"manifest-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(manifest, Manifest);
        await Ok($"apply -n {ns} -f {manifest}");
        Lines(await Ok($"delete -n {ns} -f {manifest}")).Select(l => l.Replace($" from {ns} namespace", "", StringComparison.Ordinal))
            .ShouldBe(["deployment.apps \"web\" deleted", "service \"web\" deleted", "configmap \"web-config\" deleted"]);
        var (code, stdout, stderr) = await Kubectl($"get deploy,svc,cm -n {ns} -o name");
        code.ShouldBe(0, stderr);
        stdout.ShouldBeEmpty();
    }

    [Fact]
    public async Task DeleteCascadeOrphan_MarksTheOwnerWithTheOrphanFinalizer_DependentsStay()
    {
        var ns = await Namespace("acc-orphan");
        await Ok($"create deployment owner -n {ns} --image=nginx");
        var uid = await Ok($"get deployment owner -n {ns} -o jsonpath={{.metadata.uid}}");
        var dependent = $$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: dependent
              namespace: {{ns}}
              ownerReferences:
              - apiVersion: apps/v1
                kind: Deployment
                name: owner
                uid: {{uid}}
            """;
        await Ok("create -f -", dependent);

        // No garbage collector runs here: kubectl must not wait for it.
        (await Ok($"delete deployment owner -n {ns} --cascade=orphan --wait=false")).ShouldContain("deployment.apps \"owner\" deleted");
        (await Ok($"get deployment owner -n {ns} -o jsonpath={{.metadata.finalizers}}|{{.metadata.deletionTimestamp}}"))
            .ShouldStartWith("[\"orphan\"]|20");
        // What the garbage collector does once the dependents are orphaned: drop the finalizer; the owner then goes.
        await Ok($"patch deployment owner -n {ns} --type=json -p '[{{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}}]'");
        var (code, _, stderr) = await Kubectl($"get deployment owner -n {ns}");
        code.ShouldBe(1);
        stderr.ShouldContain("NotFound");
        (await Ok($"get configmap dependent -n {ns} -o jsonpath={{.metadata.ownerReferences[0].name}}")).ShouldBe("owner");
    }

    [Fact]
    public async Task CreateSubcommands_SendProtobufBodies_AndReadBack()
    {
        var ns = await Namespace("acc-protobuf");
        (await Ok($"create configmap literal -n {ns} --from-literal=a=b --from-literal=c=d")).Trim().ShouldBe("configmap/literal created");
        (await Ok($"create secret generic creds -n {ns} --from-literal=user=admin")).Trim().ShouldBe("secret/creds created");
        (await Ok($"create deployment app -n {ns} --image=nginx:1.27 --replicas=3")).Trim().ShouldBe("deployment.apps/app created");

        (await Ok($"get configmap literal -n {ns} -o jsonpath={{.data}}")).ShouldBe("{\"a\":\"b\",\"c\":\"d\"}");
        (await Ok($"get secret creds -n {ns} -o jsonpath={{.type}}|{{.data.user}}")).ShouldBe("Opaque|YWRtaW4=");
        (await Ok($"get deployment app -n {ns} -o jsonpath={{.spec.replicas}}|{{.spec.selector.matchLabels.app}}|{{.spec.template.spec.containers[0].image}}|{{.spec.strategy.type}}"))
            .ShouldBe("3|app|nginx:1.27|RollingUpdate");
    }

    [Fact]
    public async Task RunDryRunServer_ShowsTheDefaultsAndStoresNothing()
    {
        var ns = await Namespace("acc-dryrun");
        var yaml = await Ok($"run probe -n {ns} --image=nginx --dry-run=server -o yaml");
        yaml.ShouldContain("  name: probe\n");
        yaml.ShouldContain("    imagePullPolicy: Always\n");
        yaml.ShouldContain("    terminationMessagePath: /dev/termination-log\n");
        yaml.ShouldContain("    terminationMessagePolicy: File\n");
        yaml.ShouldContain("  dnsPolicy: ClusterFirst\n");
        yaml.ShouldContain("  enableServiceLinks: true\n");
        yaml.ShouldContain("  restartPolicy: Always\n");
        yaml.ShouldContain("  schedulerName: default-scheduler\n");
        yaml.ShouldContain("  terminationGracePeriodSeconds: 30\n");
        yaml.ShouldContain("  uid: ");
        yaml.ShouldNotContain("resourceVersion");

        var (code, _, stderr) = await Kubectl($"get pod probe -n {ns}");
        code.ShouldBe(1);
        stderr.ShouldContain("pods \"probe\" not found");
    }

    [Fact]
    public async Task WaitForDelete_ReturnsOnceTheObjectIsGone()
    {
        var ns = await Namespace("acc-wait");
        await Ok($"create configmap doomed -n {ns}");
        var wait = Kubectl($"wait --for=delete configmap/doomed -n {ns} --timeout=30s");
        await Task.Delay(500);
        await Ok($"delete configmap doomed -n {ns}");
        var (code, stdout, stderr) = await wait;
        code.ShouldBe(0, stderr);
        stdout.Trim().ShouldBe("configmap/doomed condition met");
    }

    [Fact]
    public async Task InvalidManifest_PrintsThe422NamingTheFields()
    {
        var ns = await Namespace("acc-invalid");
        const string bad = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: bad
            spec:
              replicas: -1
              selector:
                matchLabels: {app: bad}
              template:
                metadata:
                  labels: {app: other}
                spec:
                  containers:
                  - name: c
                    image: nginx
            """;
        var (code, _, stderr) = await Kubectl($"apply -n {ns} -f -", bad);
        code.ShouldBe(1);
        stderr.ShouldContain("The Deployment \"bad\" is invalid: ");
        stderr.ShouldContain("* spec.replicas: Invalid value: -1: must be greater than or equal to 0");
        stderr.ShouldContain("* spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`");

        (code, _, stderr) = await Kubectl($"create configmap Bad_Name -n {ns}");
        code.ShouldBe(1);
        stderr.ShouldContain("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of");
    }

    [Fact]
    public async Task UnknownField_GetsUpstreamsStrictDecodingError_UnlessValidationIsOff()
    {
        var ns = await Namespace("acc-unknown");
        const string manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: typo
            spec:
              replicas: 1
              selector:
                matchLabels: {app: typo}
              template:
                metadata:
                  labels: {app: typo}
                spec:
                  containers:
                  - name: c
                    image: nginx
                    imagePullPolice: Always
            """;
        const string error = "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.template.spec.containers[0].imagePullPolice\"";
        var (code, _, stderr) = await Kubectl($"apply -n {ns} -f -", manifest);
        code.ShouldBe(1);
        stderr.ShouldContain("Error from server (BadRequest): error when creating \"STDIN\": " + error);
        (code, _, stderr) = await Kubectl($"create -n {ns} -f -", manifest);
        code.ShouldBe(1);
        stderr.ShouldContain(error);

        // --validate=warn: created, with the server's warning; --validate=false: dropped silently.
        (code, var stdout, stderr) = await Kubectl($"create -n {ns} --validate=warn -f -", manifest);
        code.ShouldBe(0, stderr);
        stdout.Trim().ShouldBe("deployment.apps/typo created");
        stderr.ShouldContain("Warning: unknown field \"spec.template.spec.containers[0].imagePullPolice\"");
        (await Ok($"get deployment typo -n {ns} -o jsonpath={{.spec.template.spec.containers[0].imagePullPolicy}}")).ShouldBe("Always");
    }

    [Fact]
    public async Task GetRaw_ListsPodsAsJson()
    {
        var ns = await Namespace("acc-raw");
        await Ok($"run raw -n {ns} --image=nginx");
        var stdout = await Ok($"get --raw /api/v1/namespaces/{ns}/pods");
        using var doc = JsonDocument.Parse(stdout);
        doc.RootElement.GetProperty("kind").GetString().ShouldBe("PodList");
        doc.RootElement.GetProperty("apiVersion").GetString().ShouldBe("v1");
        doc.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString().ShouldNotBeNullOrEmpty();
        var items = doc.RootElement.GetProperty("items");
        items.GetArrayLength().ShouldBe(1);
        items[0].GetProperty("metadata").GetProperty("name").GetString().ShouldBe("raw");

        (await Ok("get --raw /api/v1/namespaces/default/pods")).ShouldStartWith("{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"");
    }
}
