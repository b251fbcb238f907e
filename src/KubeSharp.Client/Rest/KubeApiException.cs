using System.Net;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.Client;

/// <summary>
/// A request the API server answered with an error: carries the decoded metav1.Status (code, reason, message,
/// details with causes). Responses that are not a Status are turned into one as client-go does (the code's reason,
/// the body as message).
/// </summary>
public sealed class KubeApiException : Exception
{
    /// <summary>Creates the exception for a Status.</summary>
    public KubeApiException(Status status)
        : base(MessageOf(status ?? throw new ArgumentNullException(nameof(status))))
        => Status = status;

    /// <summary>Creates the exception for a Status with the underlying cause.</summary>
    public KubeApiException(Status status, Exception? innerException)
        : base(MessageOf(status ?? throw new ArgumentNullException(nameof(status))), innerException)
        => Status = status;

    /// <summary>The Status the server sent (or one built from the response).</summary>
    public Status Status { get; }

    /// <summary>The HTTP status code (Status.code).</summary>
    public int Code => Status.Code;

    /// <summary>Status.reason (NotFound, AlreadyExists, Conflict, Invalid, Expired, ...); "" when none.</summary>
    public string Reason => Status.Reason;

    /// <summary>The causes from Status.details (field errors of a 422), never null.</summary>
    public IReadOnlyList<StatusCause> Causes => (IReadOnlyList<StatusCause>?)Status.Details?.Causes ?? [];

    /// <summary>404 / NotFound.</summary>
    public bool IsNotFound => Reason == "NotFound" || (Reason.Length == 0 && Code == 404);

    /// <summary>409 with reason AlreadyExists.</summary>
    public bool IsAlreadyExists => Reason == "AlreadyExists";

    /// <summary>409 Conflict (an update with a stale resourceVersion, a failed precondition).</summary>
    public bool IsConflict => Reason == "Conflict" || (Code == 409 && Reason.Length == 0);

    /// <summary>422 Invalid.</summary>
    public bool IsInvalid => Reason == "Invalid" || (Reason.Length == 0 && Code == 422);

    /// <summary>410 Gone or reason Expired (a compacted resourceVersion or continue token): relist.</summary>
    public bool IsGone => Code == 410 || Reason is "Gone" or "Expired";

    /// <summary>429 TooManyRequests.</summary>
    public bool IsTooManyRequests => Reason == "TooManyRequests" || Code == 429;

    /// <summary>403 Forbidden.</summary>
    public bool IsForbidden => Reason == "Forbidden" || (Reason.Length == 0 && Code == 403);

    /// <summary>401 Unauthorized.</summary>
    public bool IsUnauthorized => Reason == "Unauthorized" || (Reason.Length == 0 && Code == 401);

    /// <summary>400 BadRequest.</summary>
    public bool IsBadRequest => Reason == "BadRequest" || (Reason.Length == 0 && Code == 400);

    /// <summary>405 MethodNotAllowed.</summary>
    public bool IsMethodNotAllowed => Reason == "MethodNotAllowed" || (Reason.Length == 0 && Code == 405);

    /// <summary>504 or reason Timeout.</summary>
    public bool IsTimeout => Reason == "Timeout" || Code == 504;

    /// <summary>5xx (server-side failure).</summary>
    public bool IsServerError => Code >= 500;

    /// <summary>Builds the Status client-go makes for a response that is not a Status.</summary>
    public static Status StatusFor(HttpStatusCode code, string body)
    {
        var reason = code switch
        {
            HttpStatusCode.BadRequest => "BadRequest",
            HttpStatusCode.Unauthorized => "Unauthorized",
            HttpStatusCode.Forbidden => "Forbidden",
            HttpStatusCode.NotFound => "NotFound",
            HttpStatusCode.MethodNotAllowed => "MethodNotAllowed",
            HttpStatusCode.NotAcceptable => "NotAcceptable",
            HttpStatusCode.Conflict => "Conflict",
            HttpStatusCode.Gone => "Gone",
            HttpStatusCode.UnsupportedMediaType => "UnsupportedMediaType",
            HttpStatusCode.UnprocessableEntity => "Invalid",
            HttpStatusCode.TooManyRequests => "TooManyRequests",
            HttpStatusCode.GatewayTimeout => "Timeout",
            HttpStatusCode.ServiceUnavailable => "ServiceUnavailable",
            HttpStatusCode.InternalServerError => "InternalError",
            _ => "",
        };
        var message = body.Trim();
        if (message.Length == 0)
        {
            message = $"the server responded with the status code {(int)code} but did not return more information";
        }
        return new Status { Kind = "Status", ApiVersion = "v1", StatusValue = "Failure", Code = (int)code, Reason = reason, Message = message };
    }

    private static string MessageOf(Status status)
        => status.Message.Length > 0 ? status.Message : $"the server returned {status.Code} {status.Reason}".TrimEnd();
}

/// <summary>Checks of any exception for Kubernetes API errors (false for anything that is not a <see cref="KubeApiException"/>).</summary>
public static class KubeErrors
{
    /// <summary>The exception (or an inner one) as a <see cref="KubeApiException"/>, or null.</summary>
    public static KubeApiException? AsApiException(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is KubeApiException api)
            {
                return api;
            }
        }
        return null;
    }

    /// <summary>404 NotFound.</summary>
    public static bool IsNotFound(Exception? error) => AsApiException(error)?.IsNotFound == true;

    /// <summary>409 AlreadyExists.</summary>
    public static bool IsAlreadyExists(Exception? error) => AsApiException(error)?.IsAlreadyExists == true;

    /// <summary>409 Conflict.</summary>
    public static bool IsConflict(Exception? error) => AsApiException(error)?.IsConflict == true;

    /// <summary>422 Invalid.</summary>
    public static bool IsInvalid(Exception? error) => AsApiException(error)?.IsInvalid == true;

    /// <summary>410 Gone / Expired.</summary>
    public static bool IsGone(Exception? error) => AsApiException(error)?.IsGone == true;

    /// <summary>429 TooManyRequests.</summary>
    public static bool IsTooManyRequests(Exception? error) => AsApiException(error)?.IsTooManyRequests == true;

    /// <summary>403 Forbidden.</summary>
    public static bool IsForbidden(Exception? error) => AsApiException(error)?.IsForbidden == true;
}
