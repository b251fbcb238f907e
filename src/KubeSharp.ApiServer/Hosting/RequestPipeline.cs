using KubeSharp.ApiServer.Authentication;
using KubeSharp.ApiServer.Discovery;
using KubeSharp.ApiServer.Rest;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Hosting;

/// <summary>
/// Every request's path through the server: health and /version (no credentials needed), the in-flight limits
/// (429 with Retry-After instead of falling over), authentication (401), then discovery, OpenAPI and the REST
/// endpoints. API errors become metav1.Status replies; anything unexpected is a 500 Status, never a dropped connection.
/// </summary>
public sealed partial class RequestPipeline(
    ApiServerOptions options, IReadOnlyList<IAuthenticator> authenticators, DiscoveryHandler discovery, OpenApiHandler openApi,
    RestHandler rest, byte[] versionDocument, ILogger<RequestPipeline>? logger)
{
    private int _inflight;
    private int _mutatingInflight;

    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var path = context.Request.Path.Value ?? "/";
        try
        {
            if (await TryHandleUnauthenticatedAsync(context, path, cancellationToken))
            {
                return;
            }
            var user = await AuthenticateAsync(context, cancellationToken) ?? throw ApiErrors.Unauthorized();
            // As a request feature (Kestrel keeps it in a list reused with the pooled stream), not in Items (a
            // dictionary per request).
            context.Features.Set(user);
            var info = RequestInfo.Parse(context.Request.Method, path, context.Request,
                static (request, key) => request.Query.TryGetValue(key, out var v) ? v.ToString() : null);
            var mutating = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
            var isWatch = info.Verb == "watch";
            if (!isWatch && !Enter(mutating))
            {
                throw ApiErrors.TooManyRequests("Too many requests, please try again later.", 1);
            }
            try
            {
                if (!info.IsResourceRequest)
                {
                    if (await discovery.TryHandleAsync(context) || await openApi.TryHandleAsync(context))
                    {
                        return;
                    }
                    throw ApiErrors.NotFoundPath();
                }
                await rest.HandleAsync(context, info, cancellationToken);
            }
            finally
            {
                if (!isWatch)
                {
                    Leave(mutating);
                }
            }
        }
        catch (ApiStatusException e)
        {
            await WriteErrorAsync(context, e.Status, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (logger is not null)
            {
                Log.RequestFailed(logger, context.Request.Method, path, e);
            }
            await WriteErrorAsync(context, ApiErrors.InternalError(e.Message).Status, cancellationToken);
        }
    }

    private async Task<bool> TryHandleUnauthenticatedAsync(HttpContext context, string path, CancellationToken cancellationToken)
    {
        switch (path)
        {
            case "/version":
                await Responses.WriteBytesAsync(context, 200, versionDocument, cancellationToken);
                return true;
            case "/healthz" or "/livez" or "/readyz":
                context.Response.StatusCode = 200;
                context.Response.ContentType = "text/plain; charset=utf-8";
                var verbose = context.Request.Query.ContainsKey("verbose");
                var name = path.TrimStart('/');
                await context.Response.WriteAsync(verbose ? $"[+]ping ok\n[+]etcd ok\n{name} check passed\n" : "ok", cancellationToken);
                return true;
            default:
                return false;
        }
    }

    private async ValueTask<UserInfo?> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        // By index: no enumerator per request.
        for (var i = 0; i < authenticators.Count; i++)
        {
            var result = await authenticators[i].AuthenticateAsync(context, cancellationToken);
            if (result.User is not null)
            {
                return result.User;
            }
            if (result.Failure is not null)
            {
                return null;
            }
        }
        return null;
    }

    private bool Enter(bool mutating)
    {
        if (mutating)
        {
            if (Interlocked.Increment(ref _mutatingInflight) > options.MaxMutatingRequestsInflight)
            {
                Interlocked.Decrement(ref _mutatingInflight);
                return false;
            }
            return true;
        }
        if (Interlocked.Increment(ref _inflight) > options.MaxRequestsInflight)
        {
            Interlocked.Decrement(ref _inflight);
            return false;
        }
        return true;
    }

    private void Leave(bool mutating)
    {
        if (mutating)
        {
            Interlocked.Decrement(ref _mutatingInflight);
        }
        else
        {
            Interlocked.Decrement(ref _inflight);
        }
    }

    private static Task WriteErrorAsync(HttpContext context, Api.Meta.V1.Status status, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }
        context.Response.Clear();
        return Responses.WriteStatusAsync(context, status, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
        public static partial void RequestFailed(ILogger logger, string method, string path, Exception exception);
    }
}
