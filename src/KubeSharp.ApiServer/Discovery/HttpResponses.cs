using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Discovery;

/// <summary>Writing pre-encoded documents and <c>metav1.Status</c> errors.</summary>
internal static class HttpResponses
{
    /// <summary>Writes <paramref name="document"/> with 200, or 304 when <c>If-None-Match</c> carries its entity tag.</summary>
    public static Task WriteDocumentAsync(HttpContext context, EncodedDocument document, bool withETag, CancellationToken cancellationToken)
    {
        var response = context.Response;
        if (withETag)
        {
            response.Headers.ETag = document.ETag;
            if (IfNoneMatch(context.Request, document.ETag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = document.ContentType;
        response.ContentLength = document.Body.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }
        return response.Body.WriteAsync(document.Body, cancellationToken).AsTask();
    }

    /// <summary>Writes a failure <c>Status</c> (<c>application/json</c>).</summary>
    public static Task WriteStatusAsync(HttpContext context, int code, string reason, string message, CancellationToken cancellationToken)
    {
        var status = new Status
        {
            Kind = "Status",
            ApiVersion = "v1",
            StatusValue = "Failure",
            Message = message,
            Reason = reason,
            Code = code,
        };
        var body = KubeJson.SerializeToUtf8Bytes(status);
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, cancellationToken).AsTask();
    }

    /// <summary>404 with upstream's generic text.</summary>
    public static Task WriteNotFoundAsync(HttpContext context, CancellationToken cancellationToken)
        => WriteStatusAsync(context, StatusCodes.Status404NotFound, "NotFound", "the server could not find the requested resource", cancellationToken);

    /// <summary>405 for a method other than GET or HEAD.</summary>
    public static Task WriteMethodNotAllowedAsync(HttpContext context, CancellationToken cancellationToken)
        => WriteStatusAsync(context, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", "the server does not allow this method on the requested resource", cancellationToken);

    /// <summary>406 listing the media types that would have been accepted.</summary>
    public static Task WriteNotAcceptableAsync(HttpContext context, IReadOnlyList<string> supported, CancellationToken cancellationToken)
        => WriteStatusAsync(context, StatusCodes.Status406NotAcceptable, "NotAcceptable", "only the following media types are accepted: " + string.Join(", ", supported), cancellationToken);

    private static bool IfNoneMatch(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            if (value is null)
            {
                continue;
            }
            foreach (var candidate in value.Split(','))
            {
                var tag = candidate.Trim();
                if (tag == "*" || string.Equals(tag, etag, StringComparison.Ordinal) || string.Equals(tag, "W/" + etag, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
