using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Coordination.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using GroupVersionResource = KubeSharp.Api.Registry.GroupVersionResource;
using KubeSharp.Api.Scheduling.V1;
using KubeSharp.ApiServer.Tests.Integration;

namespace KubeSharp.Client.Tests.Integration;

/// <summary>The typed and dynamic clients against the real API server: CRUD, patches, lists, errors.</summary>
[Collection(SharedServer.Name)]
public sealed class TypedClientTests(ApiServerFixture server) : IDisposable
{
    private readonly KubernetesClient _client = Clients.Admin(server);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task ConfigMap_CreateGetUpdateDelete()
    {
        await Clients.CreateNamespaceAsync(_client, "tc-crud");
        var cms = _client.Resource<ConfigMap>("tc-crud");

        var created = await cms.CreateAsync(Clients.ConfigMap("one", data: new() { ["k"] = "v" }));
        created.Metadata.Namespace.ShouldBe("tc-crud");
        created.Metadata.Uid.ShouldNotBeEmpty();
        created.Metadata.ResourceVersion.ShouldNotBeEmpty();

        var got = await cms.GetAsync("one");
        got.Data!["k"].ShouldBe("v");
        got.Metadata.Uid.ShouldBe(created.Metadata.Uid);

        got.Data["k"] = "v2";
        var updated = await cms.UpdateAsync(got);
        updated.Data!["k"].ShouldBe("v2");
        long.Parse(updated.Metadata.ResourceVersion).ShouldBeGreaterThan(long.Parse(created.Metadata.ResourceVersion));

        await cms.DeleteAsync("one");
        (await cms.TryGetAsync("one")).ShouldBeNull();
    }

    [Fact]
    public async Task AllNamespacesClient_TakesTheNamespaceFromTheObject_AndNeedsOneForGet()
    {
        await Clients.CreateNamespaceAsync(_client, "tc-objns");
        var all = _client.Resource<ConfigMap>();

        var created = await all.CreateAsync(Clients.ConfigMap("from-object", "tc-objns"));

        created.Metadata.Namespace.ShouldBe("tc-objns");
        await Should.ThrowAsync<InvalidOperationException>(() => all.GetAsync("from-object"));
        (await all.InNamespace("tc-objns").GetAsync("from-object")).Metadata.Uid.ShouldBe(created.Metadata.Uid);
    }

    [Fact]
    public async Task Pod_CreateAndUpdateStatus()
    {
        await Clients.CreateNamespaceAsync(_client, "tc-pods");
        var pods = _client.Resource<Pod>("tc-pods");
        var pod = await pods.CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Name = "p" },
            Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "busybox" }] },
        });
        pod.Status.Phase.ShouldBe("Pending");

        pod.Status.Phase = "Running";
        pod.Status.PodIP = "10.42.0.5";
        pod.Spec.Containers![0].Image = "ignored-by-status";
        var afterStatus = await pods.UpdateStatusAsync(pod);

        afterStatus.Status.Phase.ShouldBe("Running");
        afterStatus.Status.PodIP.ShouldBe("10.42.0.5");
        afterStatus.Spec.Containers![0].Image.ShouldBe("busybox");
    }

    [Fact]
    public async Task Deployment_CreateScaleViaPatch_AndDeleteWithPropagationPolicy()
    {
        await Clients.CreateNamespaceAsync(_client, "tc-deploy");
        var deployments = _client.Resource<Deployment>("tc-deploy");
        var labels = new Dictionary<string, string> { ["app"] = "web" };
        await deployments.CreateAsync(new Deployment
        {
            Metadata = new ObjectMeta { Name = "web" },
            Spec = new DeploymentSpec
            {
                Replicas = 1,
                Selector = new LabelSelector { MatchLabels = labels },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = labels },
                    Spec = new PodSpec { Containers = [new Container { Name = "web", Image = "nginx" }] },
                },
            },
        });

        var patched = await deployments.PatchAsync("web", PatchType.Merge, """{"spec":{"replicas":3}}""");
        patched.Spec.Replicas.ShouldBe(3);
        var scale = await deployments.GetSubresourceAsync<KubeSharp.Api.Autoscaling.V1.Scale>("web", "scale");
        scale.Spec.Replicas.ShouldBe(3);

        var deleted = await deployments.DeleteAsync("web", new DeleteOptions { PropagationPolicy = "Foreground" });
        // Foreground deletion keeps the object with the foregroundDeletion finalizer until the dependents are gone.
        deleted.ShouldNotBeNull();
        deleted.Metadata.DeletionTimestamp.ShouldNotBeNull();
        deleted.Metadata.Finalizers!.ShouldContain("foregroundDeletion");
    }

    [Fact]
    public async Task Lease_CreateAndUpdate_WithStaleResourceVersion_IsConflict()
    {
        await Clients.CreateNamespaceAsync(_client, "tc-lease");
        var leases = _client.Resource<Lease>("tc-lease");
        var lease = await leases.CreateAsync(new Lease
        {
            Metadata = new ObjectMeta { Name = "leader" },
            Spec = new LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 15 },
        });
        var stale = lease.DeepCopy();
        lease.Spec.HolderIdentity = "b";
        (await leases.UpdateAsync(lease)).Spec.HolderIdentity.ShouldBe("b");

        stale.Spec.HolderIdentity = "c";
        var error = await Should.ThrowAsync<KubeApiException>(() => leases.UpdateAsync(stale));

        error.Code.ShouldBe(409);
        error.IsConflict.ShouldBeTrue();
        error.IsAlreadyExists.ShouldBeFalse();
        KubeErrors.IsConflict(error).ShouldBeTrue();
        error.Message.ShouldContain("the object has been modified");
    }

    [Fact]
    public async Task ClusterScoped_PriorityClass_Crud_IgnoresTheClientNamespace()
    {
        var classes = _client.Resource<PriorityClass>("ignored");
        classes.Namespace.ShouldBe("");
        var created = await classes.CreateAsync(new PriorityClass { Metadata = new ObjectMeta { Name = "tc-high" }, Value = 1000 });
        created.Metadata.Namespace.ShouldBe("");

        (await classes.GetAsync("tc-high")).Value.ShouldBe(1000);
        (await classes.ListAsync()).Items.Select(p => p.Metadata.Name).ShouldContain("tc-high");
        await classes.DeleteAsync("tc-high");
        (await classes.TryGetAsync("tc-high")).ShouldBeNull();
    }

    [Fact]
    public async Task Errors_NotFound_AlreadyExists_Invalid_CarryTheStatus()
    {
        await Clients.CreateNamespaceAsync(_client, "tc-errors");
        var cms = _client.Resource<ConfigMap>("tc-errors");

        var notFound = await Should.ThrowAsync<KubeApiException>(() => cms.GetAsync("missing"));
        notFound.IsNotFound.ShouldBeTrue();
        notFound.Code.ShouldBe(404);
        notFound.Status.Details!.Name.ShouldBe("missing");
        notFound.Status.Details.Kind.ShouldBe("configmaps");
        notFound.Message.ShouldBe("configmaps \"missing\" not found");

        await cms.CreateAsync(Clients.ConfigMap("dup"));
        var exists = await Should.ThrowAsync<KubeApiException>(() => cms.CreateAsync(Clients.ConfigMap("dup")));
        exists.IsAlreadyExists.ShouldBeTrue();
        exists.Code.ShouldBe(409);
        KubeErrors.IsAlreadyExists(exists).ShouldBeTrue();

        var invalid = await Should.ThrowAsync<KubeApiException>(() => cms.CreateAsync(Clients.ConfigMap("Not_Valid")));
        invalid.IsInvalid.ShouldBeTrue();
        invalid.Code.ShouldBe(422);
        invalid.Causes.ShouldContain(c => c.Field == "metadata.name" && c.Reason == "FieldValueInvalid");
    }

    [Fact]
    public async Task Patch_Json_Merge_Strategic_Apply()
    {
        await Clients.CreateNamespaceAsync(_client, "tc-patch");
        var cms = _client.Resource<ConfigMap>("tc-patch");
        await cms.CreateAsync(Clients.ConfigMap("p", data: new() { ["a"] = "1" }));

        (await cms.PatchAsync("p", PatchType.Json, """[{"op":"add","path":"/data/b","value":"2"}]""")).Data!["b"].ShouldBe("2");
        (await cms.PatchAsync("p", PatchType.Merge, """{"data":{"a":null}}""")).Data!.ContainsKey("a").ShouldBeFalse();
        (await cms.PatchAsync("p", PatchType.StrategicMerge, """{"metadata":{"labels":{"x":"y"}}}""")).Metadata.Labels!["x"].ShouldBe("y");

        var applied = await cms.ApplyAsync(new ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new ObjectMeta { Name = "p", Namespace = "tc-patch" },
            Data = new() { ["b"] = "from-apply" },
        }, fieldManager: "tests", force: true);
        applied.Data!["b"].ShouldBe("from-apply");
        applied.Metadata.ManagedFields!.Select(m => m.Manager).ShouldContain("tests");

        var badPatch = await Should.ThrowAsync<KubeApiException>(() => cms.PatchAsync("p", PatchType.Json, "{not json"));
        badPatch.Code.ShouldBeInRange(400, 499);
    }

    [Fact]
    public async Task Apply_CreatesTheObject_AndConflictsWithoutForce()
    {
        await Clients.CreateNamespaceAsync(_client, "tc-apply");
        var cms = _client.Resource<ConfigMap>("tc-apply");
        ConfigMap Desired(string value) => new()
        {
            Metadata = new ObjectMeta { Name = "a" },
            Data = new() { ["k"] = value },
        };

        var desired = Desired("1");
        (await cms.ApplyAsync(desired, "first")).Data!["k"].ShouldBe("1");
        desired.Kind.ShouldBe("", "apply fills apiVersion and kind in on a copy");
        var conflict = await Should.ThrowAsync<KubeApiException>(() => cms.ApplyAsync(Desired("2"), "second"));
        conflict.IsConflict.ShouldBeTrue();
        (await cms.ApplyAsync(Desired("2"), "second", force: true)).Data!["k"].ShouldBe("2");
    }

    [Fact]
    public async Task List_WithSelectors_Pages_AndResourceVersion()
    {
        await Clients.CreateNamespaceAsync(_client, "tc-list");
        var cms = _client.Resource<ConfigMap>("tc-list");
        for (var i = 0; i < 5; i++)
        {
            await cms.CreateAsync(Clients.ConfigMap($"cm-{i}", labels: new() { ["parity"] = i % 2 == 0 ? "even" : "odd" }));
        }

        var even = await cms.ListAsync(new ListParams { LabelSelector = "parity=even" });
        even.Items.Select(c => c.Metadata.Name).ShouldBe(["cm-0", "cm-2", "cm-4"]);
        even.ResourceVersion.ShouldNotBeEmpty();

        var byName = await cms.ListAsync(new ListParams { FieldSelector = "metadata.name=cm-3" });
        byName.Items.Single().Metadata.Name.ShouldBe("cm-3");

        var page1 = await cms.ListAsync(new ListParams { Limit = 2, LabelSelector = "parity" });
        page1.Items.Count.ShouldBe(2);
        page1.Continue.ShouldNotBeEmpty();
        var page2 = await cms.ListAsync(new ListParams { Limit = 2, Continue = page1.Continue, LabelSelector = "parity" });
        page2.Items.Select(c => c.Metadata.Name).ShouldBe(["cm-2", "cm-3"]);

        var all = await cms.ListAllAsync(new ListParams { Limit = 2, LabelSelector = "parity" });
        all.Items.Count.ShouldBe(5);
        all.Continue.ShouldBe("");

        var exact = await cms.ListAsync(new ListParams { ResourceVersion = even.ResourceVersion, ResourceVersionMatch = "NotOlderThan" });
        exact.Items.Count.ShouldBe(5);
    }

    [Fact]
    public async Task DeleteCollection_DeletesTheSelectedObjects_AndDeletePreconditionsAreChecked()
    {
        await Clients.CreateNamespaceAsync(_client, "tc-delcol");
        var cms = _client.Resource<ConfigMap>("tc-delcol");
        await cms.CreateAsync(Clients.ConfigMap("keep", labels: new() { ["drop"] = "no" }));
        await cms.CreateAsync(Clients.ConfigMap("drop-1", labels: new() { ["drop"] = "yes" }));
        await cms.CreateAsync(Clients.ConfigMap("drop-2", labels: new() { ["drop"] = "yes" }));

        await cms.DeleteCollectionAsync(new ListParams { LabelSelector = "drop=yes" });

        (await cms.ListAsync()).Items.Select(c => c.Metadata.Name).ShouldBe(["keep"]);

        var wrongUid = await Should.ThrowAsync<KubeApiException>(() =>
            cms.DeleteAsync("keep", new DeleteOptions { Preconditions = new Preconditions { Uid = "not-the-uid" } }));
        wrongUid.IsConflict.ShouldBeTrue();
        await cms.DeleteAsync("keep", new DeleteOptions { DryRun = ["All"], GracePeriodSeconds = 0 });
        (await cms.TryGetAsync("keep")).ShouldNotBeNull();
    }

    [Fact]
    public async Task DryRunCreate_StoresNothing()
    {
        await Clients.CreateNamespaceAsync(_client, "tc-dryrun");
        var cms = _client.Resource<ConfigMap>("tc-dryrun");

        var result = await cms.CreateAsync(Clients.ConfigMap("dry"), new WriteParams { DryRun = true });

        result.Metadata.Name.ShouldBe("dry");
        (await cms.TryGetAsync("dry")).ShouldBeNull();
    }

    [Fact]
    public async Task Watch_DeliversAddedModifiedDeleted_FromAResourceVersion()
    {
        await Clients.CreateNamespaceAsync(_client, "tc-watch");
        var cms = _client.Resource<ConfigMap>("tc-watch");
        var list = await cms.ListAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<(WatchEventType, string, string)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var evt in cms.WatchAsync(new ListParams { ResourceVersion = list.ResourceVersion }, cts.Token))
            {
                events.Add((evt.Type, evt.Object.Metadata.Name, evt.Object.Data?.GetValueOrDefault("k") ?? ""));
                if (evt.Type == WatchEventType.Deleted)
                {
                    return;
                }
            }
        });

        var created = await cms.CreateAsync(Clients.ConfigMap("w", data: new() { ["k"] = "1" }));
        created.Data!["k"] = "2";
        await cms.UpdateAsync(created);
        await cms.DeleteAsync("w");
        await watching;

        events.ShouldBe([(WatchEventType.Added, "w", "1"), (WatchEventType.Modified, "w", "2"), (WatchEventType.Deleted, "w", "2")]);
    }

    [Fact]
    public async Task Dynamic_CrudOnConfigMaps_WithJsonObjects()
    {
        await Clients.CreateNamespaceAsync(_client, "tc-dynamic");
        var dynamic = _client.Dynamic(new GroupVersionResource("", "v1", "configmaps"), "tc-dynamic");

        var created = await dynamic.CreateAsync(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "dyn", ["labels"] = new JsonObject { ["a"] = "b" } },
            ["data"] = new JsonObject { ["k"] = "v" },
        });
        dynamic.Adapter.GetNamespace(created).ShouldBe("tc-dynamic");
        dynamic.Adapter.GetLabels(created)!["a"].ShouldBe("b");

        var got = await dynamic.GetAsync("dyn");
        got["data"]!["k"]!.GetValue<string>().ShouldBe("v");
        got["data"]!["k"] = "v2";
        var updated = await dynamic.UpdateAsync(got);
        updated["data"]!["k"]!.GetValue<string>().ShouldBe("v2");

        var list = await dynamic.ListAsync(new ListParams { LabelSelector = "a=b" });
        list.Items.Select(i => dynamic.Adapter.GetName(i)).ShouldBe(["dyn"]);

        (await dynamic.PatchAsync("dyn", PatchType.Merge, """{"data":{"x":"y"}}"""))["data"]!["x"]!.GetValue<string>().ShouldBe("y");
        await dynamic.DeleteAsync("dyn");
        (await dynamic.TryGetAsync("dyn")).ShouldBeNull();
    }

    [Fact]
    public async Task Dynamic_ClusterScopedNamespaces_AndUnknownResourceIsAnArgumentError()
    {
        var namespaces = _client.Dynamic(new GroupVersionResource("", "v1", "namespaces"));
        var list = await namespaces.ListAsync();
        list.Items.Select(n => namespaces.Adapter.GetName(n)).ShouldContain("default");

        Should.Throw<ArgumentException>(() => _client.Dynamic(new GroupVersionResource("example.com", "v1", "widgets")));
    }

    [Fact]
    public async Task RawRest_SendsTheUserAgent_AndDecodesNonStatusErrors()
    {
        var request = new RestRequest(HttpMethod.Get, "/version");
        var body = await _client.Rest.SendAsync(request);
        Encoding.UTF8.GetString(body).ShouldContain(ApiServerFixture.GitVersion);
        RestClient.DefaultUserAgent.ShouldStartWith("kubesharp/v");
    }
}
