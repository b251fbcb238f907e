using System.Globalization;
using System.Text;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Streaming;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>The streaming subresources (pods/log, exec, attach, portforward, nodes/proxy, services/proxy): the
/// checks upstream makes before it dials (pod and node exist, pod scheduled, container valid, upgrade present),
/// then the request goes through the <see cref="INodeConnection"/> seam.</summary>
public sealed partial class RestHandler
{
    private INodeConnection Nodes => nodeConnection ?? UnconnectedNodeConnection.Instance;

    private static bool IsStreaming(ResourceDefinition resource, string subresource)
        => resource.Resource.Group.Length == 0 && (resource.Resource.Resource, subresource) is
            ("pods", "log" or "exec" or "attach" or "portforward") or ("nodes", "proxy") or ("services", "proxy");

    private Task HandleStreamingAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, CancellationToken cancellationToken)
        => (resource.Resource.Resource, info.Subresource) switch
        {
            ("pods", "log") => PodLogAsync(context, info, resource, cancellationToken),
            ("pods", "exec") => PodStreamAsync(context, info, resource, StreamingSubresource.Exec, cancellationToken),
            ("pods", "attach") => PodStreamAsync(context, info, resource, StreamingSubresource.Attach, cancellationToken),
            ("pods", "portforward") => PodStreamAsync(context, info, resource, StreamingSubresource.PortForward, cancellationToken),
            ("nodes", _) => NodeProxyAsync(context, info, resource, cancellationToken),
            _ => ServiceProxyAsync(context, info, resource, cancellationToken),
        };

    private async Task PodLogAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, CancellationToken cancellationToken)
    {
        if (info.Verb != "get")
        {
            throw ApiErrors.MethodNotSupported(new Api.Registry.GroupResource("", "pods/log"), info.Verb);
        }
        var follow = QueryBool(context, "follow");
        var parameters = new List<(string Key, string Value)>();
        if (follow)
        {
            parameters.Add(("follow", "true"));
        }
        if (QueryBool(context, "previous"))
        {
            parameters.Add(("previous", "true"));
        }
        if (QueryBool(context, "timestamps"))
        {
            parameters.Add(("timestamps", "true"));
        }
        var sinceSeconds = QueryInt64(context, "sinceSeconds");
        var tailLines = QueryInt64(context, "tailLines");
        var limitBytes = QueryInt64(context, "limitBytes");
        Time? sinceTime = null;
        if (Query(context, "sinceTime") is { Length: > 0 } sinceText)
        {
            sinceTime = Time.TryParse(sinceText, out var parsed, out _)
                ? parsed
                : throw ApiErrors.BadRequest($"parsing time \"{sinceText}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{sinceText}\" as \"2006\"");
        }
        var errors = new FieldErrorList();
        if (tailLines is < 0)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("tailLines"), tailLines.Value, "must be greater than or equal to 0"));
        }
        if (limitBytes is < 1)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("limitBytes"), limitBytes.Value, "must be greater than 0"));
        }
        if (sinceSeconds is not null && sinceTime is not null)
        {
            errors.Add(FieldError.Forbidden(FieldPath.Root(""), "at most one of `sinceTime` or `sinceSeconds` may be specified"));
        }
        else if (sinceSeconds is < 1)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("sinceSeconds"), sinceSeconds.Value, "must be greater than 0"));
        }
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(new GroupKindName("", "PodLogOptions", info.Name), errors);
        }
        if (sinceSeconds is { } s)
        {
            parameters.Add(("sinceSeconds", s.ToString(CultureInfo.InvariantCulture)));
        }
        if (sinceTime is { } t)
        {
            parameters.Add(("sinceTime", t.ToString()));
        }
        if (tailLines is { } tail)
        {
            parameters.Add(("tailLines", tail.ToString(CultureInfo.InvariantCulture)));
        }
        if (limitBytes is { } limit)
        {
            parameters.Add(("limitBytes", limit.ToString(CultureInfo.InvariantCulture)));
        }
        var pod = (Pod)(await stores[resource].GetAsync(info.Namespace, info.Name, cancellationToken)).Object;
        var container = ValidateContainer(Query(context, "container"), pod);
        if (pod.Spec.NodeName.Length == 0)
        {
            // Not scheduled: upstream has no location and streams nothing (200, empty text/plain).
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = 0;
            return;
        }
        await RequireNodeAsync(pod.Spec.NodeName, cancellationToken);
        var request = new StreamingRequest(StreamingSubresource.Log, StreamingTarget.Kubelet(pod.Spec.NodeName),
            $"/containerLogs/{pod.Metadata.Namespace}/{pod.Metadata.Name}/{container}", EncodeQuery(parameters), null)
        {
            Flush = follow,
        };
        await Nodes.ProxyAsync(request, context, cancellationToken);
    }

    private async Task PodStreamAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, StreamingSubresource kind, CancellationToken cancellationToken)
    {
        if (info.Verb is not ("get" or "create"))
        {
            throw ApiErrors.MethodNotSupported(new Api.Registry.GroupResource("", "pods/" + info.Subresource), info.Verb);
        }
        var parameters = new List<(string Key, string Value)>();
        if (kind == StreamingSubresource.PortForward)
        {
            var ports = context.Request.Query["ports"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList();
            foreach (var port in ports)
            {
                if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
                {
                    throw ApiErrors.BadRequest($"invalid port \"{port}\"");
                }
            }
            if (ports.Count > 0)
            {
                parameters.Add(("port", string.Join(',', ports)));
            }
        }
        else
        {
            foreach (var flag in (string[])["stdin", "stdout", "stderr", "tty"])
            {
                if (QueryBool(context, flag))
                {
                    parameters.Add((flag, "1"));
                }
            }
            if (kind == StreamingSubresource.Exec)
            {
                foreach (var command in context.Request.Query["command"])
                {
                    parameters.Add(("command", command ?? ""));
                }
            }
        }
        var pod = (Pod)(await stores[resource].GetAsync(info.Namespace, info.Name, cancellationToken)).Object;
        var container = kind == StreamingSubresource.PortForward ? "" : ValidateContainer(Query(context, "container"), pod);
        if (pod.Spec.NodeName.Length == 0)
        {
            throw ApiErrors.BadRequest($"pod {info.Name} does not have a host assigned");
        }
        await RequireNodeAsync(pod.Spec.NodeName, cancellationToken);
        var upgrade = UpgradeRequest.From(context.Request) ?? throw ApiErrors.BadRequest("Upgrade request required");
        var path = kind switch
        {
            StreamingSubresource.Exec => $"/exec/{pod.Metadata.Namespace}/{pod.Metadata.Name}/{container}",
            StreamingSubresource.Attach => $"/attach/{pod.Metadata.Namespace}/{pod.Metadata.Name}/{container}",
            _ => $"/portForward/{pod.Metadata.Namespace}/{pod.Metadata.Name}",
        };
        var request = new StreamingRequest(kind, StreamingTarget.Kubelet(pod.Spec.NodeName), path, EncodeQuery(parameters), upgrade) { Flush = true };
        await Nodes.ProxyAsync(request, context, cancellationToken);
    }

    private async Task NodeProxyAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, CancellationToken cancellationToken)
    {
        var (scheme, name, port) = SplitSchemeNamePort(info.Name);
        await stores[resource].GetAsync("", name, cancellationToken);
        var portNumber = 0;
        if (port.Length > 0 && !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber))
        {
            throw ApiErrors.BadRequest($"invalid node request \"{info.Name}\"");
        }
        var request = new StreamingRequest(StreamingSubresource.NodeProxy, StreamingTarget.Kubelet(name, portNumber, scheme.Length > 0 ? scheme : "https"),
            ProxyPath(context, info), context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : "", UpgradeRequest.From(context.Request))
        {
            Flush = true,
        };
        await Nodes.ProxyAsync(request, context, cancellationToken);
    }

    private async Task ServiceProxyAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, CancellationToken cancellationToken)
    {
        var (scheme, name, port) = SplitSchemeNamePort(info.Name);
        var service = (Service)(await stores[resource].GetAsync(info.Namespace, name, cancellationToken)).Object;
        if (long.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var portNumber))
        {
            port = service.Spec.Ports?.Find(p => p.Port == portNumber)?.Name
                ?? throw ApiErrors.ServiceUnavailable($"no service port {portNumber} found for service \"{name}\"");
        }
        if (!catalog.TryGet("", "v1", "endpoints", out var endpointsResource))
        {
            throw ApiErrors.ServiceUnavailable($"no endpoints available for service \"{name}\"");
        }
        var endpoints = (Endpoints)(await stores[endpointsResource].GetAsync(info.Namespace, name, cancellationToken)).Object;
        foreach (var subset in endpoints.Subsets ?? [])
        {
            if (subset.Addresses is not { Count: > 0 } addresses || subset.Ports?.Find(p => p.Name == port) is not { } endpointPort)
            {
                continue;
            }
            var request = new StreamingRequest(StreamingSubresource.ServiceProxy,
                StreamingTarget.Endpoint(addresses[0].Ip, endpointPort.Port, scheme.Length > 0 ? scheme : "http"),
                ProxyPath(context, info), context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : "", UpgradeRequest.From(context.Request))
            {
                Flush = true,
            };
            await Nodes.ProxyAsync(request, context, cancellationToken);
            return;
        }
        throw ApiErrors.ServiceUnavailable($"no endpoints available for service \"{name}\"");
    }

    /// <summary>The node must exist (upstream's connection-info lookup reads it before dialing).</summary>
    private async Task RequireNodeAsync(string nodeName, CancellationToken cancellationToken)
    {
        if (catalog.TryGet("", "v1", "nodes", out var nodes))
        {
            await stores[nodes].GetAsync("", nodeName, cancellationToken);
        }
    }

    /// <summary>upstream's validateContainer: the named container must exist; with none named, a pod with one
    /// container uses it.</summary>
    public static string ValidateContainer(string container, Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var names = new List<string>();
        names.AddRange((pod.Spec.InitContainers ?? []).Select(c => c.Name));
        names.AddRange((pod.Spec.Containers ?? []).Select(c => c.Name));
        names.AddRange((pod.Spec.EphemeralContainers ?? []).Select(c => c.Name));
        if (container.Length > 0)
        {
            return names.Contains(container) ? container : throw ApiErrors.BadRequest($"container {container} is not valid for pod {pod.Metadata.Name}");
        }
        return (pod.Spec.Containers ?? []).Count switch
        {
            1 => pod.Spec.Containers![0].Name,
            0 => throw ApiErrors.BadRequest($"a container name must be specified for pod {pod.Metadata.Name}"),
            _ => throw ApiErrors.BadRequest($"a container name must be specified for pod {pod.Metadata.Name}, choose one of: [{string.Join(' ', names)}]"),
        };
    }

    /// <summary>The path after <c>NAME/proxy</c>, starting with '/'.</summary>
    private static string ProxyPath(HttpContext context, RequestInfo info)
    {
        var path = context.Request.Path.Value ?? "";
        var marker = "/" + info.Name + "/proxy";
        var index = path.IndexOf(marker, StringComparison.Ordinal);
        var rest = index < 0 ? "" : path[(index + marker.Length)..];
        return rest.Length == 0 ? "/" : rest;
    }

    /// <summary>upstream's SplitSchemeNamePort: "name", "name:port" or "scheme:name:port" (scheme http or https).</summary>
    private static (string Scheme, string Name, string Port) SplitSchemeNamePort(string id)
    {
        var parts = id.Split(':');
        var (scheme, name, port) = parts.Length switch
        {
            1 => ("", parts[0], ""),
            2 => ("", parts[0], parts[1]),
            3 => (parts[0], parts[1], parts[2]),
            _ => throw ApiErrors.BadRequest($"invalid request \"{id}\""),
        };
        if (name.Length == 0 || scheme is not ("" or "http" or "https"))
        {
            throw ApiErrors.BadRequest($"invalid request \"{id}\"");
        }
        return (scheme, name, port);
    }

    private static bool QueryBool(HttpContext context, string name)
    {
        var value = Query(context, name);
        return value switch
        {
            "" => false,
            "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
            _ => throw ApiErrors.BadRequest($"strconv.ParseBool: parsing \"{value}\": invalid syntax"),
        };
    }

    private static long? QueryInt64(HttpContext context, string name)
    {
        var value = Query(context, name);
        if (value.Length == 0)
        {
            return null;
        }
        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw ApiErrors.BadRequest($"strconv.ParseInt: parsing \"{value}\": invalid syntax");
    }

    /// <summary>Go's url.Values.Encode: keys sorted, values in order, query-escaped.</summary>
    private static string EncodeQuery(List<(string Key, string Value)> parameters)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }
            text.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal));
        }
        return text.ToString();
    }
}
