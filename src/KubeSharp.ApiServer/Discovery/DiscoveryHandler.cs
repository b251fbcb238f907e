using KubeSharp.Api.Registry;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Discovery;

/// <summary>
/// Serves discovery: <c>/api</c> and <c>/apis</c> (aggregated <c>apidiscovery.k8s.io/v2</c> or <c>v2beta1</c> when the
/// <c>Accept</c> header asks for <c>as=APIGroupDiscoveryList</c>, else the legacy <c>APIVersions</c> /
/// <c>APIGroupList</c>), <c>/apis/&lt;group&gt;</c> (<c>APIGroup</c>) and <c>/api/v1</c>,
/// <c>/apis/&lt;group&gt;/&lt;version&gt;</c> (<c>APIResourceList</c>). Bodies are pre-encoded per catalog snapshot.
/// </summary>
public sealed class DiscoveryHandler
{
    private readonly ApiCatalog _catalog;

    /// <summary>Serves the documents of <paramref name="catalog"/>'s current snapshot.</summary>
    public DiscoveryHandler(ApiCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
    }

    /// <summary>Negotiates the document version of <c>/api</c> or <c>/apis</c> from an <c>Accept</c> header; null when
    /// nothing acceptable is offered (406).</summary>
    public static DiscoveryVersion? NegotiateVersion(string? accept)
    {
        if (!MediaTypeNegotiator.TryNegotiate(accept, DiscoveryMediaTypes.Supported, DiscoveryMediaTypes.AggregatedRestrictions, out var result))
        {
            return null;
        }
        return result!.Convert switch
        {
            null => DiscoveryVersion.Legacy,
            { Version: "v2" } => DiscoveryVersion.AggregatedV2,
            _ => DiscoveryVersion.AggregatedV2Beta1,
        };
    }

    /// <summary>True when <paramref name="path"/> is a discovery path (<c>/api</c>, <c>/apis</c>, <c>/api/&lt;v&gt;</c>,
    /// <c>/apis/&lt;g&gt;</c>, <c>/apis/&lt;g&gt;/&lt;v&gt;</c>, each with or without a trailing slash).</summary>
    public static bool IsDiscoveryPath(string path) => TryParse(path, out _, out _, out _);

    /// <summary>Handles the request when its path is a discovery path; returns false (writing nothing) otherwise.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TryParse(context.Request.Path.Value ?? "", out var legacy, out var group, out var version))
        {
            return false;
        }
        var aborted = context.RequestAborted;
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await HttpResponses.WriteMethodNotAllowedAsync(context, aborted);
            return true;
        }
        var documents = _catalog.Current.Discovery;
        var accept = context.Request.Headers.Accept.ToString();
        if (group is null && version is null)
        {
            context.Response.Headers.Vary = "Accept";
            var negotiated = NegotiateVersion(accept);
            if (negotiated is null)
            {
                await HttpResponses.WriteNotAcceptableAsync(context, DiscoveryMediaTypes.Supported, aborted);
                return true;
            }
            if (negotiated == DiscoveryVersion.Legacy)
            {
                await HttpResponses.WriteDocumentAsync(context, legacy ? documents.ApiVersions : documents.ApiGroupList, withETag: false, aborted);
            }
            else
            {
                await HttpResponses.WriteDocumentAsync(context, documents.GetAggregated(legacy, negotiated.Value), withETag: true, aborted);
            }
            return true;
        }
        if (!MediaTypeNegotiator.TryNegotiate(accept, DiscoveryMediaTypes.Supported, null, out _))
        {
            await HttpResponses.WriteNotAcceptableAsync(context, DiscoveryMediaTypes.Supported, aborted);
            return true;
        }
        EncodedDocument? document;
        var found = version is null
            ? documents.TryGetApiGroup(group!, out document)
            : documents.TryGetResourceList(new GroupVersion(group ?? "", version), out document);
        if (!found)
        {
            await HttpResponses.WriteNotFoundAsync(context, aborted);
            return true;
        }
        await HttpResponses.WriteDocumentAsync(context, document!, withETag: false, aborted);
        return true;
    }

    /// <summary>Splits a discovery path: <paramref name="legacy"/> for <c>/api...</c>; group null for the roots and
    /// <c>/api/&lt;v&gt;</c>; version null for the roots and <c>/apis/&lt;g&gt;</c>.</summary>
    private static bool TryParse(string path, out bool legacy, out string? group, out string? version)
    {
        legacy = false;
        group = null;
        version = null;
        if (path.Length > 1 && path[^1] == '/')
        {
            path = path[..^1];
        }
        var parts = path.Split('/');
        if (parts.Length < 2 || parts[0].Length != 0 || parts.Skip(1).Any(p => p.Length == 0))
        {
            return false;
        }
        switch (parts[1])
        {
            case "api":
                legacy = true;
                if (parts.Length == 2)
                {
                    return true;
                }
                if (parts.Length == 3)
                {
                    group = "";
                    version = parts[2];
                    return true;
                }
                return false;
            case "apis":
                if (parts.Length == 2)
                {
                    return true;
                }
                if (parts.Length is 3 or 4)
                {
                    group = parts[2];
                    version = parts.Length == 4 ? parts[3] : null;
                    return true;
                }
                return false;
            default:
                return false;
        }
    }
}
