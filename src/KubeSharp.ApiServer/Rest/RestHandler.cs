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

    /// <summary>Serves a resource request. Returns the handler's task itself (no state machine of its own); the store's
    /// ValueTooLarge refusal becomes <see cref="ObjectTooLarge"/> where objects are written (ResourceStore and the
    /// service allocators' ranges).</summary>
    /// <remarks>A refusal before the handler's first await is thrown from the call itself (the pipeline awaits the
    /// call inside its error handling, so both reach it alike).</remarks>
    public Task HandleAsync(HttpContext context, RequestInfo info, CancellationToken cancellationToken)
        => HandleResourceAsync(context, info, cancellationToken);

    /// <summary>
    /// An object whose encoding exceeds the store's 1.5 MiB limit. Upstream passes etcd's refusal through unmapped (a
    /// 500 with etcd's message; kubernetes/kubernetes#112152 tracks mapping it to a 4xx); KubeSharp answers 413
    /// RequestEntityTooLarge with the same words, because the client's input is at fault and bad input never gets a 500.
    /// </summary>
    public static ApiStatusException ObjectTooLarge() => ApiErrors.RequestEntityTooLarge("etcdserver: request is too large");

    // The dispatch below returns the handler's task rather than awaiting it (no state machine per request and level).
    private Task HandleResourceAsync(HttpContext context, RequestInfo info, CancellationToken cancellationToken)
    {
        if (IsLegacyBinding(info))
        {
            return HandleBindingAsync(context, info, legacy: true, cancellationToken);
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
            return HandleSubresourceAsync(context, info, resource, cancellationToken);
        }
        var rs = stores[resource];
        return info.Verb switch
        {
            "get" => GetAsync(context, info, rs, cancellationToken),
            "list" => ListAsync(context, info, rs, cancellationToken),
            "watch" => WatchAsync(context, info, rs, cancellationToken),
            "create" => CreateAsync(context, info, rs, cancellationToken),
            "update" => UpdateAsync(context, info, rs, statusOnly: false, cancellationToken),
            "patch" => PatchAsync(context, info, rs, statusOnly: false, cancellationToken),
            "delete" => DeleteAsync(context, info, rs, cancellationToken),
            "deletecollection" => DeleteCollectionAsync(context, info, rs, cancellationToken),
            _ => throw ApiErrors.MethodNotSupported(resource.GroupResource, info.Verb),
        };
    }

    private async Task GetAsync(HttpContext context, RequestInfo info, ResourceStore rs, CancellationToken cancellationToken)
    {
        var resource = rs.Resource;
        var one = await rs.GetAsync(info.Namespace, info.Name, cancellationToken);
        if (TableNegotiation.Negotiate(context) is { } tableOptions)
        {
            await Responses.WriteAsync(context, 200, ServedTables.Convert(resource, one.Object, tableOptions, time), cancellationToken);
            return;
        }
        await Responses.WriteBytesAsync(context, 200, one.JsonFor(resource), cancellationToken);
    }

    private static async Task GetStatusAsync(HttpContext context, RequestInfo info, ResourceStore rs, CancellationToken cancellationToken)
        => await Responses.WriteBytesAsync(context, 200, (await rs.GetAsync(info.Namespace, info.Name, cancellationToken)).JsonFor(rs.Resource), cancellationToken);

    private Task HandleSubresourceAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, CancellationToken cancellationToken)
    {
        var rs = stores[resource];
        var core = resource.Resource.Group.Length == 0;
        if (info.Subresource == "scale" && ScaleConversion.IsScalable(resource.Resource.Group, resource.Resource.Resource))
        {
            return HandleScaleAsync(context, info, rs, cancellationToken);
        }
        if (core && resource.Resource.Resource == "pods" && info.Subresource == "binding")
        {
            return HandleBindingAsync(context, info, legacy: false, cancellationToken);
        }
        if (core && resource.Resource.Resource == "pods" && info.Subresource == "eviction")
        {
            return HandleEvictionAsync(context, info, rs, cancellationToken);
        }
        if (IsStreaming(resource, info.Subresource))
        {
            return HandleStreamingAsync(context, info, resource, cancellationToken);
        }
        if (core && resource.Resource.Resource == "namespaces" && info.Subresource == "finalize")
        {
            return FinalizeNamespaceAsync(context, info, rs, cancellationToken);
        }
        if (info.Subresource == "status" && resource.HasStatusSubresource)
        {
            switch (info.Verb)
            {
                case "get":
                    return GetStatusAsync(context, info, rs, cancellationToken);
                case "update":
                    return UpdateAsync(context, info, rs, statusOnly: true, cancellationToken);
                case "patch":
                    return PatchAsync(context, info, rs, statusOnly: true, cancellationToken);
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
