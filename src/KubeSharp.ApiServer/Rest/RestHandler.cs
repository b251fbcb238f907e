using System.Globalization;
using System.Text;
using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;
using KubeSharp.Storage;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>
/// The generic REST endpoints of every stored resource: get, list, watch, create, update, delete and
/// deletecollection, with upstream's query parameters (labelSelector, fieldSelector, limit, continue,
/// resourceVersion, watch, timeoutSeconds, allowWatchBookmarks, dryRun, fieldValidation).
/// </summary>
public sealed partial class RestHandler(ResourceCatalog catalog, IReadOnlyDictionary<ResourceDefinition, ResourceStore> stores,
    CacheDispatcher dispatcher, IKeyValueStore store, ApiServerOptions options, TimeProvider time)
{
    public async Task HandleAsync(HttpContext context, RequestInfo info, CancellationToken cancellationToken)
    {
        try
        {
            await HandleResourceAsync(context, info, cancellationToken);
        }
        catch (StorageException e) when (e.Code == StorageErrorCode.ValueTooLarge)
        {
            throw ObjectTooLarge();
        }
    }

    /// <summary>
    /// An object whose encoding exceeds the store's 1.5 MiB limit: upstream passes etcd's refusal through unmapped,
    /// so clients see a 500 with reason "" and etcd's message (kubectl: "Error from server: etcdserver: request is too
    /// large"); kubernetes/kubernetes#112152 tracks mapping it to a 4xx.
    /// </summary>
    public static ApiStatusException ObjectTooLarge() => new(new Status
    {
        Kind = "Status",
        ApiVersion = "v1",
        StatusValue = "Failure",
        Message = "etcdserver: request is too large",
        Code = 500,
    });

    private async Task HandleResourceAsync(HttpContext context, RequestInfo info, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(info.ApiGroup, info.ApiVersion, info.Resource, out var resource))
        {
            throw ApiErrors.NotFoundPath();
        }
        if (resource.Namespaced && info.Namespace.Length == 0 && info.Verb is not ("list" or "watch"))
        {
            throw ApiErrors.NotFoundPath();
        }
        if (info.Subresource.Length > 0)
        {
            await HandleSubresourceAsync(context, info, resource, cancellationToken);
            return;
        }
        var rs = stores[resource];
        switch (info.Verb)
        {
            case "get":
                var one = await rs.GetAsync(info.Namespace, info.Name, cancellationToken);
                if (TableNegotiation.Negotiate(context) is { } tableOptions)
                {
                    await Responses.WriteAsync(context, 200, Tables.TableConvertor.Convert(resource.GroupResource, one.Object, tableOptions, time), cancellationToken);
                    break;
                }
                await Responses.WriteBytesAsync(context, 200, one.Json, cancellationToken);
                break;
            case "list":
                await ListAsync(context, info, rs, cancellationToken);
                break;
            case "watch":
                await WatchAsync(context, info, rs, cancellationToken);
                break;
            case "create":
                await CreateAsync(context, info, rs, cancellationToken);
                break;
            case "update":
                await UpdateAsync(context, info, rs, statusOnly: false, cancellationToken);
                break;
            case "patch":
                await PatchAsync(context, info, rs, statusOnly: false, cancellationToken);
                break;
            case "delete":
                await DeleteAsync(context, info, rs, cancellationToken);
                break;
            case "deletecollection":
                await DeleteCollectionAsync(context, info, rs, cancellationToken);
                break;
            default:
                throw ApiErrors.MethodNotSupported(resource.GroupResource, info.Verb);
        }
    }

    private async Task HandleSubresourceAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, CancellationToken cancellationToken)
    {
        var rs = stores[resource];
        if (info.Subresource == "status" && resource.HasStatusSubresource)
        {
            switch (info.Verb)
            {
                case "get":
                    await Responses.WriteBytesAsync(context, 200, (await rs.GetAsync(info.Namespace, info.Name, cancellationToken)).Json, cancellationToken);
                    return;
                case "update":
                    await UpdateAsync(context, info, rs, statusOnly: true, cancellationToken);
                    return;
                case "patch":
                    await PatchAsync(context, info, rs, statusOnly: true, cancellationToken);
                    return;
            }
        }
        throw ApiErrors.NotFoundPath();
    }

    private static string Query(HttpContext context, string name) => context.Request.Query[name].ToString();

    private static bool IsDryRun(HttpContext context)
    {
        var dryRun = context.Request.Query["dryRun"];
        foreach (var value in dryRun)
        {
            if (value != "All")
            {
                throw ApiErrors.BadRequest($"Invalid dry run value: \"{value}\"; supported values: \"All\"");
            }
        }
        return dryRun.Count > 0;
    }

    private static string FieldValidation(HttpContext context)
    {
        var value = Query(context, "fieldValidation");
        return value switch
        {
            "" => "Warn",
            "Strict" or "Warn" or "Ignore" => value,
            _ => throw ApiErrors.BadRequest($"fieldValidation parameter unsupported: {value}; supported values: Ignore, Warn, Strict"),
        };
    }

    private static ListFilter Filter(HttpContext context, RequestInfo info)
    {
        if (!KubeSharp.Api.Labels.Selector.TryParse(Query(context, "labelSelector"), out var labels, out var labelError))
        {
            throw ApiErrors.BadRequest($"unable to parse requirement: {labelError}");
        }
        if (!KubeSharp.Api.Fields.Selector.TryParse(Query(context, "fieldSelector"), out var fields, out var fieldError))
        {
            throw ApiErrors.BadRequest(fieldError!);
        }
        return new ListFilter(info.Namespace, labels!, fields!);
    }

    private static long ParseResourceVersion(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            // Upstream's versioner text (field.Invalid over strconv.ParseUint), as a 400.
            : throw ApiErrors.BadRequest($"resourceVersion: Invalid value: \"{value}\": strconv.ParseUint: parsing \"{value}\": "
                + (value.All(char.IsAsciiDigit) ? "value out of range" : "invalid syntax"));
    }

    private static string ApiVersionOf(ResourceDefinition resource) => resource.Type.ApiVersion;
}
