using KubeSharp.ApiServer.Discovery;
using KubeSharp.ApiServer.Tables;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>Whether a GET or LIST asks for a meta.k8s.io Table (<c>application/json;as=Table;v=v1;g=meta.k8s.io</c>),
/// taking the client's first acceptable clause, as upstream's negotiation does.</summary>
public static class TableNegotiation
{
    /// <summary>The Table options to answer with, or null when the client wants plain objects.</summary>
    public static TableConvertOptions? Negotiate(HttpContext context)
    {
        foreach (var clause in AcceptHeader.Parse(context.Request.Headers.Accept.ToString()))
        {
            if (clause.Quality <= 0)
            {
                continue;
            }
            if (clause.GetParameter("as") == "Table" && clause.GetParameter("g") == "meta.k8s.io")
            {
                var version = clause.GetParameter("v");
                if (version is not ("v1" or "v1beta1"))
                {
                    continue;
                }
                var include = context.Request.Query["includeObject"].ToString();
                if (!TableIncludeObjectParser.TryParse(include.Length == 0 ? null : include, out var includeObject))
                {
                    throw Errors.ApiErrors.BadRequest(TableIncludeObjectParser.UnrecognizedMessage(include));
                }
                return TableConvertOptions.Default with { ApiVersion = "meta.k8s.io/" + version, IncludeObject = includeObject };
            }
            if (clause.GetParameter("as") is null)
            {
                return null;
            }
        }
        return null;
    }
}
