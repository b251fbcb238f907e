using System.Collections.Frozen;
using KubeSharp.Api.Registry;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// The paths of a group version's OpenAPI document, as kube-apiserver's installer registers them: collection and
/// item paths per verb, all-namespaces list paths, the deprecated <c>watch/</c> paths, and subresources (status,
/// scale, connect, log, eviction, binding, token, ...), with upstream's operation ids and
/// <c>x-kubernetes-action</c> / <c>x-kubernetes-group-version-kind</c> extensions.
/// </summary>
internal sealed class OpenApiPathBuilder
{
    /// <summary>Connect subresources and the HTTP methods they accept.</summary>
    private static readonly FrozenDictionary<string, string[]> ConnectMethods = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["attach"] = ["get", "post"],
        ["exec"] = ["get", "post"],
        ["portforward"] = ["get", "post"],
        ["proxy"] = ["delete", "get", "head", "options", "patch", "post", "put"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Resources whose storage returns the deleted object (<c>ReturnDeletedObject</c>) instead of a Status.</summary>
    private static readonly FrozenSet<GroupResource> DeleteReturnsObject = new GroupResource[]
    {
        new("", "pods"), new("", "services"), new("", "serviceaccounts"), new("", "persistentvolumes"), new("", "persistentvolumeclaims"),
        new("resource.k8s.io", "resourceclaims"), new("resource.k8s.io", "resourceclaimtemplates"),
        new("resource.k8s.io", "deviceclasses"), new("resource.k8s.io", "resourceslices"),
    }.ToFrozenSet();

    private readonly GroupVersion _groupVersion;
    private readonly string _tag;
    private readonly string _prefix;
    private readonly SortedDictionary<string, OpenApiPathItem> _paths = new(StringComparer.Ordinal);
    private readonly HashSet<string> _referenced = new(StringComparer.Ordinal);

    public OpenApiPathBuilder(GroupVersion groupVersion)
    {
        _groupVersion = groupVersion;
        _tag = OpenApiNames.Tag(groupVersion.Group, groupVersion.Version);
        _prefix = groupVersion.Group.Length == 0 ? "/api/" + groupVersion.Version : "/apis/" + groupVersion.Group + "/" + groupVersion.Version;
        AddPath(_prefix + "/", [new OpenApiOperation(
            "get",
            "get" + OpenApiNames.GroupPart(groupVersion.Group) + OpenApiNames.ToValidOperationId(groupVersion.Version, true) + "APIResources",
            null,
            null,
            [],
            null,
            [Ok(new OpenApiBody(OpenApiContentTypes.Object, OpenApiDefinitions.ApiResourceList)), Unauthorized()],
            _tag)], []);
    }

    /// <summary>Paths by path, sorted.</summary>
    public IReadOnlyCollection<OpenApiPathItem> Paths => _paths.Values;

    /// <summary>Every definition an operation references.</summary>
    public IReadOnlyCollection<string> ReferencedDefinitions => _referenced;

    /// <summary>Adds the paths of one resource.</summary>
    public void Add(ApiResource resource)
    {
        var ns = resource.Namespaced ? "Namespaced" : "";
        var kind = resource.Kind;
        var gvk = resource.GroupVersionKind;
        var collection = resource.Namespaced ? $"{_prefix}/namespaces/{{namespace}}/{resource.Resource}" : $"{_prefix}/{resource.Resource}";
        var item = collection + "/{name}";
        var scope = resource.Namespaced ? new[] { OpenApiParameters.Namespace } : [];
        var itemScope = resource.Namespaced ? new[] { OpenApiParameters.Name, OpenApiParameters.Namespace } : new[] { OpenApiParameters.Name };
        var list = resource.ListDefinition;
        var self = resource.Definition;

        var collectionOps = new List<OpenApiOperation>();
        if (resource.Supports("list") && list is not null)
        {
            collectionOps.Add(Op("get", $"list{ns}{kind}", "list", gvk, OpenApiParameters.List, null, [Ok(Stream(list)), Unauthorized()]));
        }
        if (resource.Supports("create"))
        {
            collectionOps.Add(Op("post", $"create{ns}{kind}", "post", gvk, OpenApiParameters.Write, Request(self),
                [Ok(Obj(self)), Response("201", "Created", Obj(self)), Response("202", "Accepted", Obj(self)), Unauthorized()]));
        }
        if (resource.Supports("deletecollection"))
        {
            collectionOps.Add(Op("delete", $"deleteCollection{ns}{kind}", "deletecollection", gvk, OpenApiParameters.DeleteCollection,
                Request(OpenApiDefinitions.DeleteOptions, required: false), [Ok(Obj(OpenApiDefinitions.Status)), Unauthorized()]));
        }
        AddPath(collection, collectionOps, [.. scope, OpenApiParameters.Pretty]);

        var itemOps = new List<OpenApiOperation>();
        if (resource.Supports("get"))
        {
            itemOps.Add(Op("get", $"read{ns}{kind}", "get", gvk, [], null, [Ok(Obj(self)), Unauthorized()]));
        }
        if (resource.Supports("update"))
        {
            itemOps.Add(Op("put", $"replace{ns}{kind}", "put", gvk, OpenApiParameters.Write, Request(self),
                [Ok(Obj(self)), Response("201", "Created", Obj(self)), Unauthorized()]));
        }
        if (resource.Supports("patch"))
        {
            itemOps.Add(Op("patch", $"patch{ns}{kind}", "patch", gvk, OpenApiParameters.Patch, PatchRequest(),
                [Ok(Obj(self)), Response("201", "Created", Obj(self)), Unauthorized()]));
        }
        if (resource.Supports("delete"))
        {
            var deleted = DeleteReturnsObject.Contains(resource.GroupResource) ? self : OpenApiDefinitions.Status;
            itemOps.Add(Op("delete", $"delete{ns}{kind}", "delete", gvk, OpenApiParameters.Delete,
                Request(OpenApiDefinitions.DeleteOptions, required: false),
                [Ok(Obj(deleted)), Response("202", "Accepted", Obj(deleted)), Unauthorized()]));
        }
        AddPath(item, itemOps, [.. itemScope, OpenApiParameters.Pretty]);

        if (resource.Namespaced && resource.Supports("list") && list is not null)
        {
            AddPath($"{_prefix}/{resource.Resource}",
                [Op("get", $"list{kind}ForAllNamespaces", "list", gvk, [], null, [Ok(Stream(list)), Unauthorized()])],
                WithPretty(OpenApiParameters.List));
        }
        if (resource.Supports("watch"))
        {
            var watchCollection = resource.Namespaced ? $"{_prefix}/watch/namespaces/{{namespace}}/{resource.Resource}" : $"{_prefix}/watch/{resource.Resource}";
            AddPath(watchCollection,
                [Op("get", $"watch{ns}{kind}List", "watchlist", gvk, [], null, [Ok(Stream(OpenApiDefinitions.WatchEvent)), Unauthorized()])],
                WithPretty(OpenApiParameters.List, scope));
            AddPath(watchCollection + "/{name}",
                [Op("get", $"watch{ns}{kind}", "watch", gvk, [], null, [Ok(Stream(OpenApiDefinitions.WatchEvent)), Unauthorized()])],
                WithPretty(OpenApiParameters.List, itemScope));
            if (resource.Namespaced)
            {
                AddPath($"{_prefix}/watch/{resource.Resource}",
                    [Op("get", $"watch{kind}ListForAllNamespaces", "watchlist", gvk, [], null, [Ok(Stream(OpenApiDefinitions.WatchEvent)), Unauthorized()])],
                    WithPretty(OpenApiParameters.List));
            }
        }

        foreach (var sub in resource.Subresources)
        {
            AddSubresource(resource, sub, item, itemScope, ns);
        }
    }

    private void AddSubresource(ApiResource resource, ApiSubresource sub, string item, OpenApiParameter[] itemScope, string ns)
    {
        var path = item + "/" + sub.Name;
        var name = resource.Kind + OpenApiNames.Title(sub.Name);
        var gvk = sub.Kind;
        var definition = sub.Definition.Length > 0 ? sub.Definition : resource.Definition;
        if (ConnectMethods.TryGetValue(sub.Name, out var methods))
        {
            var connectOps = methods
                .Select(m => Op(m, $"connect{OpenApiNames.Title(m)}{ns}{name}", "connect", gvk, [], null, [Ok(new OpenApiBody(OpenApiContentTypes.Any, null)), Unauthorized()]))
                .ToList();
            AddPath(path, connectOps, [.. OpenApiParameters.Connect(sub.Name), .. itemScope]);
            if (sub.Name == "proxy")
            {
                var withPath = methods
                    .Select(m => Op(m, $"connect{OpenApiNames.Title(m)}{ns}{name}WithPath", "connect", gvk, [], null, [Ok(new OpenApiBody(OpenApiContentTypes.Any, null)), Unauthorized()]))
                    .ToList();
                AddPath(path + "/{path}", withPath, [.. itemScope, OpenApiParameter.Path("path")]);
            }
            return;
        }
        if (sub.Name == "log")
        {
            AddPath(path,
                [Op("get", $"read{ns}{name}", "get", gvk, [], null, [Ok(new OpenApiBody(OpenApiContentTypes.Log, null)), Unauthorized()])],
                [.. OpenApiParameters.PodLog, .. itemScope, OpenApiParameters.Pretty]);
            return;
        }
        var ops = new List<OpenApiOperation>();
        if (sub.Supports("get"))
        {
            ops.Add(Op("get", $"read{ns}{name}", "get", gvk, [], null, [Ok(Obj(definition)), Unauthorized()]));
        }
        if (sub.Supports("create"))
        {
            ops.Add(Op("post", $"create{ns}{name}", "post", gvk, OpenApiParameters.Write, Request(definition),
                [Ok(Obj(definition)), Response("201", "Created", Obj(definition)), Response("202", "Accepted", Obj(definition)), Unauthorized()]));
        }
        if (sub.Supports("update"))
        {
            ops.Add(Op("put", $"replace{ns}{name}", "put", gvk, OpenApiParameters.Write, Request(definition),
                [Ok(Obj(definition)), Response("201", "Created", Obj(definition)), Unauthorized()]));
        }
        if (sub.Supports("patch"))
        {
            ops.Add(Op("patch", $"patch{ns}{name}", "patch", gvk, OpenApiParameters.Patch, PatchRequest(),
                [Ok(Obj(definition)), Response("201", "Created", Obj(definition)), Unauthorized()]));
        }
        if (ops.Count > 0)
        {
            AddPath(path, ops, [.. itemScope, OpenApiParameters.Pretty]);
        }
    }

    private OpenApiOperation Op(string method, string routeOperation, string action, GroupVersionKind gvk, IReadOnlyList<OpenApiParameter> parameters,
        OpenApiBody? request, IReadOnlyList<OpenApiResponse> responses)
        => new(method, OpenApiNames.OperationId(routeOperation, _groupVersion.Group, _groupVersion.Version), action, gvk, parameters, request, responses, _tag);

    private void AddPath(string path, List<OpenApiOperation> operations, IReadOnlyList<OpenApiParameter> parameters)
    {
        if (operations.Count == 0)
        {
            return;
        }
        foreach (var op in operations)
        {
            Reference(op.RequestBody);
            foreach (var response in op.Responses)
            {
                Reference(response.Body);
            }
        }
        _paths[path] = new OpenApiPathItem(path, operations, [.. parameters.OrderBy(p => p.Name, StringComparer.Ordinal)]);
    }

    private void Reference(OpenApiBody? body)
    {
        if (body?.SchemaRef is { } name)
        {
            _referenced.Add(name);
        }
    }

    private static IReadOnlyList<OpenApiParameter> WithPretty(IReadOnlyList<OpenApiParameter> list, IReadOnlyList<OpenApiParameter>? scope = null)
        => [.. list.Concat(scope ?? []).Append(OpenApiParameters.Pretty)];

    private static OpenApiBody Obj(string definition) => new(OpenApiContentTypes.Object, definition);

    private static OpenApiBody Stream(string definition) => new(OpenApiContentTypes.Stream, definition);

    private static OpenApiBody Request(string definition, bool required = true) => new(OpenApiContentTypes.Any, definition, required);

    private static OpenApiBody PatchRequest() => new(OpenApiContentTypes.Patch, OpenApiDefinitions.Patch, true);

    private static OpenApiResponse Ok(OpenApiBody body) => new("200", "OK", body);

    private static OpenApiResponse Response(string code, string description, OpenApiBody body) => new(code, description, body);

    private static OpenApiResponse Unauthorized() => new("401", "Unauthorized", null);
}
