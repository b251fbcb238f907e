using System.Globalization;
using KubeSharp.Api.Schema;
using KubeSharp.ApiServer.Discovery;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// Serves OpenAPI as kube-openapi's <c>handler3</c>: <c>/openapi/v3</c> (the index) and <c>/openapi/v3/&lt;key&gt;</c>
/// (one document; with <c>?hash=</c> matching its content hash it is sent with <c>Cache-Control: public, immutable</c>
/// and a one-year <c>Expires</c>, with a stale hash the client is redirected (301) to the current URL). Entity tags
/// are the content hashes; <c>If-None-Match</c> gives 304. <c>/openapi/v2</c> answers 404: kubectl asks for it only as
/// protobuf and falls back to v3.
/// </summary>
public sealed class OpenApiHandler
{
    private static readonly IReadOnlyList<string> Supported = ["application/json"];
    private readonly ApiCatalog _catalog;
    private readonly ApiSchema _schema;
    private readonly Lock _gate = new();
    private OpenApiDocumentSet _documents;

    /// <summary>Serves the documents of <paramref name="catalog"/>, rebuilt (lazily) after each catalog change.</summary>
    public OpenApiHandler(ApiCatalog catalog, ApiSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _schema = schema ?? ApiSchema.Default;
        _documents = new OpenApiDocumentSet(catalog.Current, _schema);
    }

    /// <summary>The documents of the catalog's current snapshot.</summary>
    public OpenApiDocumentSet Documents
    {
        get
        {
            var current = Volatile.Read(ref _documents);
            var snapshot = _catalog.Current;
            if (ReferenceEquals(current.Snapshot, snapshot))
            {
                return current;
            }
            lock (_gate)
            {
                if (!ReferenceEquals(_documents.Snapshot, snapshot))
                {
                    Volatile.Write(ref _documents, new OpenApiDocumentSet(snapshot, _schema, _documents));
                }
                return _documents;
            }
        }
    }

    /// <summary>Handles <c>/openapi/v2</c>, <c>/openapi/v3</c> and <c>/openapi/v3/...</c>; returns false for any other path.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value ?? "";
        var aborted = context.RequestAborted;
        if (path is "/openapi/v2" or "/openapi/v2/")
        {
            await HttpResponses.WriteNotFoundAsync(context, aborted);
            return true;
        }
        if (!path.StartsWith("/openapi/v3", StringComparison.Ordinal) || (path.Length > 11 && path[11] != '/'))
        {
            return false;
        }
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await HttpResponses.WriteMethodNotAllowedAsync(context, aborted);
            return true;
        }
        var documents = Documents;
        var key = path.Length <= 12 ? "" : path[12..].TrimEnd('/');
        if (key.Length == 0)
        {
            await HttpResponses.WriteDocumentAsync(context, documents.Index, withETag: true, aborted);
            return true;
        }
        context.Response.Headers.Vary = "Accept";
        var accept = context.Request.Headers.Accept.ToString();
        if (!MediaTypeNegotiator.TryNegotiate(accept.Length == 0 ? "*/*" : accept, Supported, null, out _))
        {
            await HttpResponses.WriteNotAcceptableAsync(context, Supported, aborted);
            return true;
        }
        if (!documents.TryGetDocument(key, out var document))
        {
            await HttpResponses.WriteNotFoundAsync(context, aborted);
            return true;
        }
        var hash = context.Request.Query["hash"].ToString();
        if (hash.Length > 0)
        {
            if (!string.Equals(hash, document.Hash, StringComparison.Ordinal))
            {
                context.Response.Headers.ETag = document.ETag;
                context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                context.Response.Headers.Location = OpenApiDocumentSet.ServerRelativeUrl(key, document);
                return true;
            }
            context.Response.Headers.CacheControl = "public, immutable";
            context.Response.Headers.Expires = DateTimeOffset.UtcNow.AddYears(1).ToString("r", CultureInfo.InvariantCulture);
        }
        await HttpResponses.WriteDocumentAsync(context, document, withETag: true, aborted);
        return true;
    }
}
