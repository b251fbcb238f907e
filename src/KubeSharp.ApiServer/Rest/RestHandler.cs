using System.Globalization;
using System.Text;
using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Conversion;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Rest.Subresources;
using KubeSharp.Storage;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>
/// The generic REST endpoints of every stored resource: get, list, watch, create, update, delete and
/// deletecollection, with upstream's query parameters (labelSelector, fieldSelector, limit, continue,
/// resourceVersion, watch, timeoutSeconds, allowWatchBookmarks, dryRun, fieldValidation).
/// </summary>
public sealed partial class RestHandler(ResourceCatalog catalog, IReadOnlyDictionary<ResourceDefinition, ResourceStore> stores,
    CacheDispatcher dispatcher, IKeyValueStore store, ApiServerOptions options, TimeProvider time, Streaming.INodeConnection? nodeConnection = null,
    Admission.AdmissionChain? admission = null, CancellationToken serverStopping = default)
{
    /// <summary>The admission chain every write passes (none when not given).</summary>
    private readonly Admission.AdmissionChain _admission = admission ?? Admission.AdmissionChain.Empty;

    /// <summary>Cancelled when the server begins to stop: open watches then end their streams cleanly (as upstream
    /// closes watches on shutdown), so the graceful stop does not wait for them until its timeout.</summary>
    private readonly CancellationToken _serverStopping = serverStopping;

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
    /// An object whose encoding exceeds the store's 1.5 MiB limit. Upstream passes etcd's refusal through unmapped (a
    /// 500 with etcd's message; kubernetes/kubernetes#112152 tracks mapping it to a 4xx); KubeSharp answers 413
    /// RequestEntityTooLarge with the same words, because the client's input is at fault and bad input never gets a 500.
    /// </summary>
    public static ApiStatusException ObjectTooLarge() => ApiErrors.RequestEntityTooLarge("etcdserver: request is too large");

    private async Task HandleResourceAsync(HttpContext context, RequestInfo info, CancellationToken cancellationToken)
    {
        if (IsLegacyBinding(info))
        {
            await HandleBindingAsync(context, info, legacy: true, cancellationToken);
            return;
        }
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
                    await Responses.WriteAsync(context, 200, ServedTables.Convert(resource, one.Object, tableOptions, time), cancellationToken);
                    break;
                }
                await Responses.WriteBytesAsync(context, 200, one.JsonFor(resource), cancellationToken);
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
        var core = resource.Resource.Group.Length == 0;
        if (info.Subresource == "scale" && ScaleConversion.IsScalable(resource.Resource.Group, resource.Resource.Resource))
        {
            await HandleScaleAsync(context, info, rs, cancellationToken);
            return;
        }
        if (core && resource.Resource.Resource == "pods" && info.Subresource == "binding")
        {
            await HandleBindingAsync(context, info, legacy: false, cancellationToken);
            return;
        }
        if (core && resource.Resource.Resource == "pods" && info.Subresource == "eviction")
        {
            await HandleEvictionAsync(context, info, rs, cancellationToken);
            return;
        }
        if (IsStreaming(resource, info.Subresource))
        {
            await HandleStreamingAsync(context, info, resource, cancellationToken);
            return;
        }
        if (core && resource.Resource.Resource == "namespaces" && info.Subresource == "finalize")
        {
            await FinalizeNamespaceAsync(context, info, rs, cancellationToken);
            return;
        }
        if (info.Subresource == "status" && resource.HasStatusSubresource)
        {
            switch (info.Verb)
            {
                case "get":
                    await Responses.WriteBytesAsync(context, 200, (await rs.GetAsync(info.Namespace, info.Name, cancellationToken)).JsonFor(resource), cancellationToken);
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

    private ListFilter Filter(HttpContext context, RequestInfo info)
    {
        if (!KubeSharp.Api.Labels.Selector.TryParse(Query(context, "labelSelector"), out var labels, out var labelError))
        {
            throw ApiErrors.BadRequest($"unable to parse requirement: {labelError}");
        }
        if (!KubeSharp.Api.Fields.Selector.TryParse(Query(context, "fieldSelector"), out var fields, out var fieldError))
        {
            throw ApiErrors.BadRequest(fieldError!);
        }
        // A version other than the storage version names fields its own way (upstream's field label conversion).
        if (catalog.TryGet(info.ApiGroup, info.ApiVersion, info.Resource, out var served) && served.Converter is { } converter
            && !fields.TryTransform((label, value) => converter.ConvertFieldLabel(label) is { } mapped
                ? Api.Fields.TransformResult.Success(mapped, value)
                : Api.Fields.TransformResult.Failure($"field label not supported: {label}"), out fields, out fieldError))
        {
            throw ApiErrors.BadRequest(fieldError);
        }
        if (served is not null && !fields.TryTransform((label, value) => served.Storage.FieldLabels.Contains(label)
                ? Api.Fields.TransformResult.Success(label, value)
                : Api.Fields.TransformResult.Failure($"field label not supported: {label}"), out fields, out fieldError))
        {
            throw ApiErrors.BadRequest(fieldError);
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
