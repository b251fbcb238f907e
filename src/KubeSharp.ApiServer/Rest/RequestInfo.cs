namespace KubeSharp.ApiServer.Rest;

/// <summary>
/// What a request addresses, parsed from its method, path and query as upstream's RequestInfoFactory does:
/// <c>/api/v1/namespaces/ns/pods/name/status</c> -> resource request, verb get, group "", version v1,
/// namespace ns, resource pods, name name, subresource status.
/// </summary>
public sealed record RequestInfo
{
    public bool IsResourceRequest { get; init; }

    /// <summary>The URL path.</summary>
    public string Path { get; init; } = "";

    /// <summary>get, list, watch, create, update, patch, delete, deletecollection; for non-resource requests the
    /// lower-case HTTP method.</summary>
    public string Verb { get; init; } = "";

    /// <summary>"api" or "apis" for resource requests.</summary>
    public string ApiPrefix { get; init; } = "";

    public string ApiGroup { get; init; } = "";

    public string ApiVersion { get; init; } = "";

    public string Namespace { get; init; } = "";

    public string Resource { get; init; } = "";

    public string Subresource { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>The path segments after the prefix, group and version.</summary>
    public IReadOnlyList<string> Parts { get; init; } = [];

    /// <summary>Parses a request. Paths that are not under /api or /apis, or that are discovery paths
    /// (/api, /apis, /apis/g, /api/v1 with nothing after it), are not resource requests.</summary>
    public static RequestInfo Parse(string method, string path, Func<string, string?> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Parse(method, path, query, static (q, key) => q(key));
    }

    /// <summary>Parses a request; the query is read through <paramref name="query"/> with <paramref name="state"/>
    /// (a static lambda: no closure per request).</summary>
    public static RequestInfo Parse<TState>(string method, string path, TState state, Func<TState, string, string?> query)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(query);
        var lowerMethod = LowerMethod(method);
        var trimmed = path.AsSpan().Trim('/');
        if (!trimmed.StartsWith("api", StringComparison.Ordinal))
        {
            return new RequestInfo { Path = path, Verb = lowerMethod };
        }
        var segments = new string[trimmed.Count('/') + 1];
        var n = 0;
        foreach (var range in trimmed.Split('/'))
        {
            segments[n++] = Segment(trimmed[range]);
        }
        if (segments[0] != "api" && segments[0] != "apis")
        {
            return new RequestInfo { Path = path, Verb = lowerMethod };
        }
        var prefix = segments[0] == "api" ? "api" : "apis";
        int index;
        string group = "", version;
        if (prefix == "apis")
        {
            if (segments.Length < 3)
            {
                return new RequestInfo { Path = path, Verb = lowerMethod, ApiPrefix = prefix, ApiGroup = segments.Length > 1 ? segments[1] : "" };
            }
            group = segments[1];
            version = segments[2];
            index = 3;
        }
        else
        {
            if (segments.Length < 2)
            {
                return new RequestInfo { Path = path, Verb = lowerMethod, ApiPrefix = prefix };
            }
            version = segments[1];
            index = 2;
        }
        // The segments after the version, as a window over the one array (no copies).
        var parts = new ArraySegment<string>(segments, index, segments.Length - index);
        if (parts.Count == 0 || parts[0].Length == 0)
        {
            return new RequestInfo { Path = path, Verb = lowerMethod, ApiPrefix = prefix, ApiGroup = group, ApiVersion = version };
        }
        var verb = method switch
        {
            "POST" => "create",
            "GET" or "HEAD" => "get",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => method.ToUpperInvariant() switch
            {
                "POST" => "create",
                "GET" or "HEAD" => "get",
                "PUT" => "update",
                "PATCH" => "patch",
                "DELETE" => "delete",
                _ => lowerMethod,
            },
        };
        // The legacy watch prefix: /api/v1/watch/namespaces/ns/pods.
        var legacyWatch = false;
        if (parts[0] == "watch")
        {
            legacyWatch = true;
            parts = parts[1..];
            verb = "watch";
            if (parts.Count == 0)
            {
                return new RequestInfo { Path = path, Verb = lowerMethod, ApiPrefix = prefix, ApiGroup = group, ApiVersion = version };
            }
        }
        var ns = "";
        if (parts[0] == "namespaces")
        {
            if (parts.Count > 1)
            {
                ns = parts[1];
                // /namespaces/{name} and /namespaces/{name}/{status|finalize} address the namespace itself.
                if (parts.Count > 2 && parts[2] != "finalize" && parts[2] != "status")
                {
                    parts = parts[2..];
                }
            }
        }
        if (parts[0] == "namespaces" && parts.Count > 1 && (parts.Count == 2 || parts[2] is "finalize" or "status"))
        {
            ns = "";
        }
        var name = parts.Count > 1 ? parts[1] : "";
        var subresource = parts.Count > 2 ? parts[2] : "";
        if (verb == "get" && name.Length == 0)
        {
            verb = "list";
        }
        if (verb is "get" or "list" && IsWatch(query(state, "watch")))
        {
            verb = "watch";
        }
        if (legacyWatch && name.Length > 0)
        {
            verb = "watch";
        }
        if (verb == "delete" && name.Length == 0)
        {
            verb = "deletecollection";
        }
        return new RequestInfo
        {
            Path = path,
            IsResourceRequest = true,
            Verb = verb,
            ApiPrefix = prefix,
            ApiGroup = group,
            ApiVersion = version,
            Namespace = ns,
            Resource = parts[0],
            Name = name,
            Subresource = subresource,
            Parts = parts,
        };
    }

    /// <summary>A path segment as a string: the common ones (prefixes, versions, the busiest resources and
    /// subresources) without allocating.</summary>
    private static string Segment(ReadOnlySpan<char> segment) => segment switch
    {
        "api" => "api",
        "apis" => "apis",
        "v1" => "v1",
        "namespaces" => "namespaces",
        "default" => "default",
        "kube-system" => "kube-system",
        "kube-node-lease" => "kube-node-lease",
        "pods" => "pods",
        "nodes" => "nodes",
        "status" => "status",
        "binding" => "binding",
        "events" => "events",
        "leases" => "leases",
        "coordination.k8s.io" => "coordination.k8s.io",
        "apps" => "apps",
        "batch" => "batch",
        "events.k8s.io" => "events.k8s.io",
        "replicasets" => "replicasets",
        "deployments" => "deployments",
        "endpointslices" => "endpointslices",
        "discovery.k8s.io" => "discovery.k8s.io",
        "watch" => "watch",
        _ => segment.ToString(),
    };

    /// <summary>The lower-case method, without allocating for the standard ones.</summary>
    private static string LowerMethod(string method) => method switch
    {
        "GET" => "get",
        "POST" => "post",
        "PUT" => "put",
        "PATCH" => "patch",
        "DELETE" => "delete",
        "HEAD" => "head",
        "OPTIONS" => "options",
        _ => method.ToLowerInvariant(),
    };

    private static bool IsWatch(string? value) => value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
