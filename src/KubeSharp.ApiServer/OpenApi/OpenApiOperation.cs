using KubeSharp.Api.Registry;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>One operation of a path.</summary>
/// <param name="Method">Lower-case HTTP method (<c>get</c>, <c>put</c>, <c>post</c>, <c>delete</c>, <c>patch</c>, <c>head</c>, <c>options</c>).</param>
/// <param name="OperationId">For example <c>patchCoreV1NamespacedConfigMap</c>.</param>
/// <param name="Action"><c>x-kubernetes-action</c> (<c>get</c>, <c>list</c>, <c>put</c>, <c>patch</c>, <c>post</c>,
/// <c>delete</c>, <c>deletecollection</c>, <c>watch</c>, <c>watchlist</c>, <c>connect</c>), or null.</param>
/// <param name="Kind"><c>x-kubernetes-group-version-kind</c>, or null.</param>
/// <param name="Parameters">Operation-level parameters.</param>
/// <param name="RequestBody">The request body, or null.</param>
/// <param name="Responses">Responses by status code, in order.</param>
/// <param name="Tag">The operation's tag (<c>core_v1</c>).</param>
public sealed record OpenApiOperation(
    string Method,
    string OperationId,
    string? Action,
    GroupVersionKind? Kind,
    IReadOnlyList<OpenApiParameter> Parameters,
    OpenApiBody? RequestBody,
    IReadOnlyList<OpenApiResponse> Responses,
    string Tag);

/// <summary>A request or response body: the same schema under each content type.</summary>
/// <param name="ContentTypes">Media types, in order.</param>
/// <param name="SchemaRef">Definition name referenced, or null for an inline <c>{"type":"string"}</c>.</param>
/// <param name="Required">For request bodies: <c>"required": true</c>.</param>
public sealed record OpenApiBody(IReadOnlyList<string> ContentTypes, string? SchemaRef, bool Required = false);

/// <summary>One response.</summary>
/// <param name="Code">Status code (<c>200</c>) as text.</param>
/// <param name="Description"><c>OK</c>, <c>Created</c>, <c>Accepted</c>, <c>Unauthorized</c>.</param>
/// <param name="Body">The body, or null for none.</param>
public sealed record OpenApiResponse(string Code, string Description, OpenApiBody? Body);

/// <summary>One path: its operations and path-level parameters.</summary>
/// <param name="Path">For example <c>/api/v1/namespaces/{namespace}/configmaps/{name}</c>.</param>
/// <param name="Operations">Operations (any order; written sorted by method).</param>
/// <param name="Parameters">Path-level parameters (written in the given order).</param>
public sealed record OpenApiPathItem(string Path, IReadOnlyList<OpenApiOperation> Operations, IReadOnlyList<OpenApiParameter> Parameters);
