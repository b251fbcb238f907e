using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Defaulting;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>
/// Every upstream round-trip fixture whose kind the server stores is created through the real API (JSON body) and
/// read back. "Equal" means: the object read back is exactly the object sent after the server's defaulting, except
/// for the fields the server owns (uid, resourceVersion, creationTimestamp, generation, managedFields) and, where the
/// resource has a status subresource, status (a create resets it). Any other difference is a lost or altered field.
/// </summary>
public sealed class FixtureRoundTripTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private const string Namespace = "fixtures";

    /// <summary>Served kinds that wait for another branch (none since the branches merged).</summary>
    internal static readonly Dictionary<string, string> Pending = new()
    {
    };

    private static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>The resource a fixture's kind is stored as: the preferred version, created and read through REST.</summary>
    private static ApiResource? StoredResource(JsonObject fixture)
    {
        var apiVersion = fixture["apiVersion"]?.GetValue<string>() ?? "";
        var kind = fixture["kind"]?.GetValue<string>() ?? "";
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var gvk = new GroupVersionKind(slash < 0 ? "" : apiVersion[..slash], slash < 0 ? apiVersion : apiVersion[(slash + 1)..], kind);
        // What the server serves (a v1.32 cluster's resources, not the newer schema snapshot's extras).
        var registry = KubeSharp.ApiServer.Registry.ServedApi.Registry;
        return registry.TryGetByKind(gvk, out var resource)
            && registry.GetPreferredVersion(resource.Group) == resource.Version
            && resource.Supports("create") && resource.Supports("get")
            ? resource
            : null;
    }

    private static JsonObject Load(string name) => JsonNode.Parse(File.ReadAllBytes(Path.Combine(FixtureDirectory, name + ".json")))!.AsObject();

    public static TheoryData<string> StoredFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(FixtureDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (StoredResource(Load(name)) is not null && !Pending.ContainsKey(name))
            {
                data.Add(name);
            }
        }
        return data;
    }

    [Fact]
    public void ExclusionsAndRepairs_NameStoredFixtures()
    {
        foreach (var name in Pending.Keys)
        {
            StoredResource(Load(name)).ShouldNotBeNull(name);
        }
        // Every repair names a fixture that is tested.
        var tested = ((IEnumerable<object[]>)StoredFixtures()).Select(row => (string)row[0]).ToHashSet();
        foreach (var name in Repairs["kinds"]!.AsObject().Select(p => p.Key))
        {
            tested.ShouldContain(name);
        }
        tested.Count.ShouldBe(49);
    }

    [Theory]
    [MemberData(nameof(StoredFixtures))]
    public async Task Fixture_IsCreatedAndReadBackEqual(string name)
    {
        var fixture = Load(name);
        var resource = StoredResource(fixture)!;
        var sent = Sanitize(fixture, resource, name);

        using var client = CreateClient();
        await EnsureNamespaceAsync(client);
        var collection = CollectionPath(resource);
        using var created = await client.PostAsync(collection, new StringContent(sent.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var createdBody = await created.Content.ReadAsStringAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.Created, createdBody);

        var read = JsonNode.Parse(await client.GetStringAsync(collection + "/" + sent["metadata"]!["name"]!.GetValue<string>()))!.AsObject();
        var meta = read["metadata"]!.AsObject();
        meta["uid"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        meta["resourceVersion"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        meta["creationTimestamp"]!.GetValue<string>().ShouldNotBeNullOrEmpty();

        var expected = Defaulted(sent, resource);
        var hasStatus = resource.Subresources.Any(s => s.Name == "status");
        StripServerOwned(expected, hasStatus);
        StripServerOwned(read, hasStatus);
        JsonNode.DeepEquals(read, expected).ShouldBeTrue($"read back:\n{read.ToJsonString()}\nexpected:\n{expected.ToJsonString()}");
    }

    /// <summary>Valid identity for the fixture: a unique name, the test namespace, none of the server's fields, and the
    /// few values a fuzzer fills in that validation rejects.</summary>
    private static JsonObject Sanitize(JsonObject fixture, ApiResource resource, string fixtureName)
    {
        var obj = fixture.DeepClone().AsObject();
        var meta = obj["metadata"]!.AsObject();
        foreach (var field in new[] { "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "generateName" })
        {
            meta.Remove(field);
        }
        meta["name"] = "fx-" + (resource.Group.Length == 0 ? "" : resource.Group.Split('.')[0] + "-") + resource.Resource;
        // Core validation takes only standard or domain-qualified finalizer names ("finalizersValue" is neither).
        meta["finalizers"] = new JsonArray("fixtures.kubesharp.io/keep");
        if (resource.Namespaced)
        {
            meta["namespace"] = Namespace;
        }
        else
        {
            meta.Remove("namespace");
        }
        if (Repairs["kinds"]![fixtureName] is JsonObject repair)
        {
            foreach (var at in repair["podSpecAt"]?.AsArray() ?? [])
            {
                Edit(obj, Repairs["podSpec"]!.AsArray(), at!.GetValue<string>() + ".");
            }
            Edit(obj, repair["edits"]?.AsArray() ?? [], "");
        }
        return obj;
    }

    /// <summary>FixtureRepairs.json: the values a fuzzer fills in that validation rejects, replaced field by field.</summary>
    private static JsonObject Repairs { get; } = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Integration", "FixtureRepairs.json")))!.AsObject();

    /// <summary>Applies [path, value] edits: null removes, {"$keep": [...]} keeps only those keys, anything else is set.</summary>
    private static void Edit(JsonObject root, JsonArray edits, string prefix)
    {
        foreach (var edit in edits)
        {
            var path = Segments(prefix + edit![0]!.GetValue<string>());
            var value = edit[1];
            JsonNode parent = root;
            foreach (var segment in path[..^1])
            {
                parent = segment is int i ? parent.AsArray()[i]! : parent.AsObject()[(string)segment]!;
            }
            var last = path[^1];
            if (value is null)
            {
                if (last is int i)
                {
                    parent.AsArray().RemoveAt(i);
                }
                else
                {
                    parent.AsObject().Remove((string)last);
                }
            }
            else if (value is JsonObject keep && keep["$keep"] is JsonArray keys)
            {
                var target = (last is int i ? parent.AsArray()[i] : parent.AsObject()[(string)last])!.AsObject();
                var wanted = keys.Select(k => k!.GetValue<string>()).ToHashSet();
                foreach (var name in target.Select(p => p.Key).Where(k => !wanted.Contains(k)).ToList())
                {
                    target.Remove(name);
                }
            }
            else if (last is int i)
            {
                parent.AsArray()[i] = value.DeepClone();
            }
            else
            {
                parent.AsObject()[(string)last] = value.DeepClone();
            }
        }
    }

    /// <summary>"spec.containers[0].name" as ["spec", "containers", 0, "name"].</summary>
    private static List<object> Segments(string path)
    {
        var result = new List<object>();
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            if (name.Length > 0)
            {
                result.Add(name);
            }
            for (var rest = bracket < 0 ? "" : part[bracket..]; rest.Length > 0; rest = rest[(rest.IndexOf(']', StringComparison.Ordinal) + 1)..])
            {
                result.Add(int.Parse(rest[1..rest.IndexOf(']', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return result;
    }

    /// <summary>The sent object after the server's defaulting (decoded, defaulted and encoded in-process).</summary>
    private static JsonObject Defaulted(JsonObject sent, ApiResource resource)
    {
        ApiTypes.TryGet(resource.ApiVersion, resource.Kind, out var type).ShouldBeTrue();
        var typed = KubeJson.Deserialize(type!, System.Text.Encoding.UTF8.GetBytes(sent.ToJsonString()));
        ObjectDefaulter.Apply(typed);
        if (typed is KubeSharp.Api.Core.V1.Pod pod)
        {
            // What the admission plugins add to every new pod (the fixture names its service account and priority class).
            KubeSharp.ApiServer.Admission.Plugins.ServiceAccountAdmission.Apply(pod);
            KubeSharp.ApiServer.Admission.Plugins.DefaultTolerationSeconds.Apply(pod);
        }
        return JsonNode.Parse(KubeSharp.ApiServer.Rest.Responses.Encode((IJsonWritable)typed))!.AsObject();
    }

    private static void StripServerOwned(JsonObject obj, bool hasStatus)
    {
        var meta = obj["metadata"]!.AsObject();
        foreach (var field in new[] { "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields" })
        {
            meta.Remove(field);
        }
        if (hasStatus)
        {
            obj.Remove("status");
        }
    }

    private static string CollectionPath(ApiResource resource)
    {
        var root = resource.Group.Length == 0 ? "/api/v1" : $"/apis/{resource.Group}/{resource.Version}";
        return resource.Namespaced ? $"{root}/namespaces/{Namespace}/{resource.Resource}" : $"{root}/{resource.Resource}";
    }

    private HttpClient CreateClient()
    {
        var handler = new HttpClientHandler();
        handler.ClientCertificates.Add(server.Host.Pki.AdminCertificate);
        handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(server.Host.Pki.CaCertificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(certificate);
        };
        return new HttpClient(handler) { BaseAddress = server.Host.Address };
    }

    private static async Task EnsureNamespaceAsync(HttpClient client)
    {
        // The pod fixture's priority class (Priority admission refuses a pod whose class does not exist), with the
        // fixture's own priority and preemption policy so admission derives the same values.
        using (var priorityClass = await client.PostAsync("/apis/scheduling.k8s.io/v1/priorityclasses",
            new StringContent("{\"apiVersion\":\"scheduling.k8s.io/v1\",\"kind\":\"PriorityClass\",\"metadata\":{\"name\":\"high\"},\"value\":25,\"preemptionPolicy\":\"Never\"}",
                System.Text.Encoding.UTF8, "application/json")))
        {
            priorityClass.StatusCode.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.Conflict);
        }
        using var response = await client.PostAsync("/api/v1/namespaces",
            new StringContent("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + Namespace + "\"}}", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.Conflict);
    }
}
