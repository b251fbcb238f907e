using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Schema;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Patching;
using TypedEntry = KubeSharp.Api.Meta.V1.ManagedFieldsEntry;

namespace KubeSharp.ApiServer.Tests.Patching;

/// <summary>
/// Differential tests of the shared field sets (<see cref="FieldSetCache"/>: FieldsV1 decoded once per content, a
/// set that knows its FieldsV1 text answers with it, a walk's list of paths made into a set once) and the shared walk
/// (paths shared through <see cref="FieldPath.Child"/>, short lists matched without a dictionary): <see cref="ManagedFields.Update(ReadOnlyMemory{byte}?, ReadOnlyMemory{byte}, ManagedFieldsContext, SchemaDefinition, ApiSchema?, IReadOnlyList{TypedEntry}?, bool)"/>
/// with and without them must give byte-identical managedFields, over every API fixture object edited at random by
/// random managers (main resource and status, requests with and without managedFields, resets) and over the scheduler
/// benchmark's write shapes (creates, status writes, Lease renewals by the same manager).
/// </summary>
public class ManagedFieldsSharedSetsTests
{
    private static readonly string[] Managers = ["creator", "kubectl-edit", "kube-controller-manager", "kubelet"];

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json").Order(StringComparer.Ordinal))
        {
            if (KindOf(file) is not null)
            {
                data.Add(Path.GetFileName(file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Update_RandomEditsOfAFixture_SharedSetsGiveTheSameManagedFields(string fixture)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture);
        var (kind, apiVersion) = KindOf(path)!.Value;
        var original = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var random = new Random(fixture.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        // Create (with the fixture's malformed managedFields, then without any), then rounds of edits.
        foreach (var keepRequested in new[] { true, false })
        {
            var created = (JsonObject)original.DeepClone();
            if (!keepRequested)
            {
                (created["metadata"] as JsonObject)?.Remove("managedFields");
            }
            var live = Step(null, created, "creator", "", now, kind, apiVersion);
            for (var round = 0; round < 60; round++)
            {
                now = now.AddSeconds(random.Next(0, 3));
                var next = (JsonObject)live.DeepClone();
                var edits = random.Next(0, 4);
                for (var e = 0; e < edits; e++)
                {
                    Edit(next, random);
                }
                RequestManagedFields(next, live, random);
                var subresource = random.Next(4) == 0 ? "status" : "";
                live = Step(live, next, Managers[random.Next(Managers.Length)], subresource, now, kind, apiVersion);
            }
        }
    }

    [Fact]
    public void Update_SchedulerBenchShapes_SharedSetsGiveTheSameManagedFields()
    {
        var pod = PatchTestSupport.Kind("Pod");
        var lease = PatchTestSupport.Kind("coordination.k8s.io", "v1", "Lease");
        var now = new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 20; i++)
        {
            // A pod created from the same template (the same creator's FieldsV1 every time), bound, then run by the kubelet.
            var created = Step(null, PatchTestSupport.Obj($$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-{{{i}}}","namespace":"default","labels":{"app":"basic"}},"spec":{"containers":[{"name":"c","image":"registry.k8s.io/pause:3.10","resources":{"requests":{"cpu":"100m","memory":"500Mi"}},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","schedulerName":"default-scheduler","enableServiceLinks":true},"status":{"phase":"Pending"}}"""),
                "bench", "", now, pod, "v1");
            var bound = (JsonObject)created.DeepClone();
            bound["spec"]!["nodeName"] = "node-" + (i % 3);
            bound["status"]!["conditions"] = JsonNode.Parse("""[{"type":"PodScheduled","status":"True","lastTransitionTime":"2026-11-01T10:00:01Z"}]""");
            var running = (JsonObject)bound.DeepClone();
            running["status"]!["phase"] = "Running";
            running["status"]!["podIP"] = "10.128.0." + (i + 1);
            running["status"]!["podIPs"] = JsonNode.Parse($$"""[{"ip":"10.128.0.{{i + 1}}"}]""");
            running["status"]!["conditions"]!.AsArray().Add(JsonNode.Parse("""{"type":"Ready","status":"True","lastTransitionTime":"2026-11-01T10:00:02Z"}"""));
            running["status"]!["containerStatuses"] = JsonNode.Parse("""[{"name":"c","ready":true,"started":true,"restartCount":0,"image":"i","imageID":"i","state":{"running":{"startedAt":"2026-11-01T10:00:02Z"}}}]""");
            running["metadata"]!.AsObject().Remove("managedFields");
            var afterKubelet = Step(bound, running, "kubelet", "status", now.AddSeconds(2), pod, "v1");
            // Conditions flip back and forth: the kubelet owns them already, nobody else does.
            var flipped = (JsonObject)afterKubelet.DeepClone();
            flipped["status"]!["conditions"]![1]!["status"] = "False";
            Step(afterKubelet, flipped, "kubelet", "status", now.AddSeconds(3), pod, "v1");

            // A node's Lease renewed by its creator with no managedFields in the request.
            var leaseLive = Step(null, PatchTestSupport.Obj($$$"""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"node-{{{i}}}","namespace":"kube-node-lease","ownerReferences":[{"apiVersion":"v1","kind":"Node","name":"node-{{{i}}}","uid":"u{{{i}}}"}]},"spec":{"holderIdentity":"node-{{{i}}}","leaseDurationSeconds":40,"renewTime":"2026-11-01T10:00:00.000000Z"}}"""),
                "bench", "", now, lease, "coordination.k8s.io/v1");
            for (var r = 1; r <= 3; r++)
            {
                var renewed = (JsonObject)leaseLive.DeepClone();
                renewed["metadata"]!.AsObject().Remove("managedFields");
                renewed["spec"]!["renewTime"] = $"2026-11-01T10:00:{r * 10:00}.000000Z";
                leaseLive = Step(leaseLive, renewed, "bench", "", now.AddSeconds(r * 10), lease, "coordination.k8s.io/v1");
            }
        }
    }

    [Fact]
    public void Child_SharesShortElements_ButNotLongOnes()
    {
        // The process-wide path table holds what requests name before validation: a map key of megabytes must not be
        // kept there.
        var data = FieldPath.Root.Child(FieldPathElement.Field("data"));
        var shortKey = new string('k', 200);
        var longKey = new string('k', 257);

        data.Child(FieldPathElement.Field(shortKey)).ShouldBeSameAs(data.Child(FieldPathElement.Field(shortKey)));
        var first = data.Child(FieldPathElement.Field(longKey));
        var second = data.Child(FieldPathElement.Field(longKey));
        first.ShouldNotBeSameAs(second);
        first.ShouldBe(second);
    }

    [Fact]
    public void Update_LongListsWithRepeatedKeys_SharedWalkGivesTheSameManagedFields()
    {
        // Lists on both sides of the shared walk's cut between scanned and indexed items (16), with repeated and
        // multi-field keys, set items, and items that come and go, reorder and repeat between writes.
        var pod = PatchTestSupport.Kind("Pod");
        var random = new Random(20261122);
        var now = new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero);
        for (var round = 0; round < 12; round++)
        {
            var live = Step(null, RandomPod(random, round), "creator", "", now, pod, "v1");
            for (var write = 0; write < 25; write++)
            {
                now = now.AddSeconds(random.Next(0, 2));
                var next = random.Next(3) == 0 ? RandomPod(random, round) : (JsonObject)live.DeepClone();
                for (var e = random.Next(0, 4); e > 0; e--)
                {
                    Edit(next, random);
                }
                RequestManagedFields(next, live, random);
                var subresource = random.Next(3) == 0 ? "status" : "";
                live = Step(live, next, Managers[random.Next(Managers.Length)], subresource, now, pod, "v1");
            }
        }
    }

    private static JsonObject RandomPod(Random random, int round)
    {
        var containers = new JsonArray();
        for (var c = random.Next(0, 24); c > 0; c--)
        {
            var env = new JsonArray();
            for (var v = random.Next(0, 24); v > 0; v--)
            {
                env.Add(new JsonObject { ["name"] = "V" + random.Next(0, 20), ["value"] = "x" + random.Next(0, 3) });
            }
            var ports = new JsonArray();
            for (var q = random.Next(0, 20); q > 0; q--)
            {
                ports.Add(new JsonObject { ["containerPort"] = 8000 + random.Next(0, 18), ["protocol"] = random.Next(2) == 0 ? "TCP" : "UDP" });
            }
            containers.Add(new JsonObject { ["name"] = "c" + random.Next(0, 30), ["image"] = "i" + random.Next(0, 2), ["env"] = env, ["ports"] = ports });
        }
        var finalizers = new JsonArray();
        for (var f = random.Next(0, 20); f > 0; f--)
        {
            finalizers.Add("f" + random.Next(0, 18));
        }
        var conditions = new JsonArray();
        for (var k = random.Next(0, 20); k > 0; k--)
        {
            conditions.Add(new JsonObject { ["type"] = "T" + random.Next(0, 18), ["status"] = random.Next(2) == 0 ? "True" : "False" });
        }
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "p" + round, ["namespace"] = "default", ["finalizers"] = finalizers },
            ["spec"] = new JsonObject { ["containers"] = containers },
            ["status"] = new JsonObject { ["phase"] = "Running", ["conditions"] = conditions },
        };
        // Parsed back, as the fixtures are: numbers as JSON text (the edits read them as doubles).
        return JsonNode.Parse(pod.ToJsonString())!.AsObject();
    }

    [Fact]
    public void Update_RequestFieldsV1NotInCanonicalForm_SharedSetsWriteItCanonically()
    {
        var configMap = PatchTestSupport.Kind("ConfigMap");
        var live = Step(null, PatchTestSupport.Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":"2"}}"""), "creator", "", DateTimeOffset.UnixEpoch, configMap, "v1");
        // The same members as the creator's set, sent in another order, spaced and with "." last: decoded (and cached)
        // from this text, the set must still be written in upstream's canonical form.
        var next = (JsonObject)live.DeepClone();
        next["metadata"]!["managedFields"]![0]!["fieldsV1"] = JsonNode.Parse("""{ "f:data" : { "f:b":{}, "f:a":{}, ".":{} } }""");
        next["data"]!["b"] = "3";

        var updated = Step(live, next, "kubectl-edit", "", DateTimeOffset.UnixEpoch.AddSeconds(1), configMap, "v1");
        var again = Step(live, (JsonObject)next.DeepClone(), "kubectl-edit", "", DateTimeOffset.UnixEpoch.AddSeconds(1), configMap, "v1");

        var creator = updated["metadata"]!["managedFields"]!.AsArray().Single(e => e!["manager"]!.GetValue<string>() == "creator")!;
        creator["fieldsV1"]!.ToJsonString().ShouldBe("""{"f:data":{".":{},"f:a":{}}}""");
        JsonNode.DeepEquals(updated, again).ShouldBeTrue();
    }

    /// <summary>
    /// One Update both ways on the same bytes; asserts the results are byte-identical and returns <paramref name="next"/>
    /// with the result as its managedFields (the next round's live object).
    /// </summary>
    private static JsonObject Step(JsonObject? live, JsonObject next, string manager, string subresource, DateTimeOffset now, SchemaDefinition kind, string apiVersion)
    {
        var context = new ManagedFieldsContext(manager, apiVersion, now) { Subresource = subresource };
        var liveBytes = live is null ? (ReadOnlyMemory<byte>?)null : Encoding.UTF8.GetBytes(live.ToJsonString());
        var nextBytes = Encoding.UTF8.GetBytes(next.ToJsonString());
        var previous = Typed(live);
        var shared = ManagedFields.Update(liveBytes, nextBytes, context, kind, null, previous, shared: true);
        var fresh = ManagedFields.Update(liveBytes, nextBytes, context, kind, null, previous, shared: false);
        var sharedJson = Json(shared);
        sharedJson.ShouldBe(Json(fresh), $"{manager} {subresource}: {next.ToJsonString()}");

        var result = (JsonObject)next.DeepClone();
        if (result["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            result["metadata"] = metadata;
        }
        metadata.Remove("managedFields");
        if (shared is not null)
        {
            metadata["managedFields"] = JsonNode.Parse(sharedJson);
        }
        return result;
    }

    private static List<TypedEntry>? Typed(JsonObject? obj)
    {
        if (obj?["metadata"]?["managedFields"] is not JsonArray entries)
        {
            return null;
        }
        try
        {
            return [.. entries.Select(e => KubeJson.Deserialize<TypedEntry>(Encoding.UTF8.GetBytes(e!.ToJsonString())))];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Json(List<TypedEntry>? entries)
        => entries is null ? "null" : "[" + string.Join(",", entries.Select(e => Encoding.UTF8.GetString(KubeJson.SerializeToUtf8Bytes(e)))) + "]";

    /// <summary>What the request carries in managedFields: usually nothing, else the live entries, a reset, or an edited copy.</summary>
    private static void RequestManagedFields(JsonObject next, JsonObject live, Random random)
    {
        if (next["metadata"] is not JsonObject metadata)
        {
            return;
        }
        switch (random.Next(10))
        {
            case 0:
                metadata["managedFields"] = new JsonArray();
                break;
            case 1:
                metadata["managedFields"] = JsonNode.Parse("[{}]");
                break;
            case 2:
            case 3:
                // The live entries as sent back by a client that read them.
                metadata["managedFields"] = live["metadata"]?["managedFields"]?.DeepClone();
                break;
            default:
                metadata.Remove("managedFields");
                break;
        }
    }

    /// <summary>A random edit somewhere in the object (not its identity): change, null or remove a member, add one,
    /// drop, duplicate, reorder or add list items.</summary>
    private static void Edit(JsonObject obj, Random random)
    {
        var nodes = new List<JsonNode>();
        Collect(obj, nodes);
        if (nodes.Count == 0)
        {
            return;
        }
        var node = nodes[random.Next(nodes.Count)];
        switch (node)
        {
            case JsonValue value:
                var parent = value.Parent!;
                var replacement = random.Next(6) switch
                {
                    0 => null,
                    1 => (JsonNode?)"changed",
                    _ => value.GetValueKind() switch
                    {
                        JsonValueKind.String => JsonValue.Create(value.GetValue<string>() + "x"),
                        JsonValueKind.Number => JsonValue.Create(value.GetValue<double>() + 1),
                        JsonValueKind.True => JsonValue.Create(false),
                        JsonValueKind.False => JsonValue.Create(true),
                        _ => JsonValue.Create("v"),
                    },
                };
                if (parent is JsonObject owner)
                {
                    owner[value.GetPropertyName()] = replacement;
                }
                else
                {
                    parent.AsArray()[value.GetElementIndex()] = replacement;
                }
                break;
            case JsonObject o when o.Count > 0 && random.Next(2) == 0:
                o.Remove(o.ElementAt(random.Next(o.Count)).Key);
                break;
            case JsonObject o:
                o["added" + random.Next(3)] = random.Next(2) == 0 ? (JsonNode)"new" : JsonNode.Parse("""{"x":"y"}""");
                break;
            case JsonArray a when a.Count > 0:
                var index = random.Next(a.Count);
                switch (random.Next(4))
                {
                    case 0:
                        a.RemoveAt(index);
                        break;
                    case 1:
                        a.Add(a[index]?.DeepClone());
                        break;
                    case 2:
                        var items = a.Select(i => i?.DeepClone()).Reverse().ToList();
                        a.Clear();
                        foreach (var item in items)
                        {
                            a.Add(item);
                        }
                        break;
                    default:
                        var copy = a[index]?.DeepClone();
                        if (copy is JsonObject item2 && item2.Count > 0)
                        {
                            var key = item2.ElementAt(random.Next(item2.Count)).Key;
                            item2[key] = "other" + random.Next(100);
                        }
                        a.Add(copy);
                        break;
                }
                break;
            case JsonArray a:
                a.Add("item");
                break;
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    if (child is null || (o.Parent is null && name is "apiVersion" or "kind")
                        || (o.Parent is { Parent: null } && o.GetPropertyName() == "metadata" && name is "name" or "namespace" or "managedFields"))
                    {
                        continue;
                    }
                    nodes.Add(child);
                    Collect(child, nodes);
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (child is not null)
                    {
                        nodes.Add(child);
                        Collect(child, nodes);
                    }
                }
                break;
        }
    }

    /// <summary>The kind of a fixture file (<c>apps.v1.ReplicaSet.json</c>) when it is an object kind of the schema.</summary>
    private static (SchemaDefinition Kind, string ApiVersion)? KindOf(string file)
    {
        var parts = Path.GetFileNameWithoutExtension(file).Split('.');
        if (parts.Length < 3)
        {
            return null;
        }
        var kind = parts[^1];
        var version = parts[^2];
        var group = string.Join('.', parts[..^2]);
        group = group == "core" ? "" : group;
        if (!ApiSchema.Default.TryGetByKind(group, version, kind, out var definition) || !definition.PropertiesByName.ContainsKey("metadata"))
        {
            return null;
        }
        return (definition, group.Length == 0 ? version : group + "/" + version);
    }
}
