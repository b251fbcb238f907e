using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Registry;
using GroupResource = KubeSharp.Api.Registry.GroupResource;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Errors;

/// <summary>Upstream's API errors (k8s.io/apimachinery/pkg/api/errors) with their reasons, codes and messages.</summary>
public static class ApiErrors
{
    public static ApiStatusException NotFound(GroupResource resource, string name)
        => Make(404, "NotFound", $"{resource} \"{name}\" not found", Details(resource, name));

    public static ApiStatusException AlreadyExists(GroupResource resource, string name)
        => Make(409, "AlreadyExists", $"{resource} \"{name}\" already exists", Details(resource, name));

    /// <summary>The optimistic-concurrency conflict kubectl prints for a stale resourceVersion.</summary>
    public static ApiStatusException Conflict(GroupResource resource, string name, string detail)
        => Make(409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": {detail}", Details(resource, name));

    public const string ObjectModifiedMessage = "the object has been modified; please apply your changes to the latest version and try again";

    /// <summary>422 with one cause per field error, as kubectl expects.</summary>
    public static ApiStatusException Invalid(GroupKindName kind, FieldErrorList errors)
    {
        var causes = new List<StatusCause>(errors.Count);
        foreach (var error in errors)
        {
            causes.Add(new StatusCause { Reason = error.Type.ToCauseType(), Message = error.ErrorBody(), Field = error.Field });
        }
        var qualified = kind.Group.Length == 0 ? kind.Kind : $"{kind.Kind}.{kind.Group}";
        var message = $"{qualified} \"{kind.Name}\" is invalid: {errors.ToAggregateMessage()}";
        return Make(422, "Invalid", message, new StatusDetails { Name = kind.Name, Group = kind.Group, Kind = kind.Kind, Causes = causes });
    }

    public static ApiStatusException BadRequest(string message) => Make(400, "BadRequest", message);

    public static ApiStatusException Forbidden(GroupResource resource, string name, string reason)
        => Make(403, "Forbidden", name.Length == 0 ? $"{resource} is forbidden: {reason}" : $"{resource} \"{name}\" is forbidden: {reason}", Details(resource, name));

    public static ApiStatusException Unauthorized() => Make(401, "Unauthorized", "Unauthorized");

    public static ApiStatusException MethodNotSupported(GroupResource resource, string action)
        => Make(405, "MethodNotAllowed", $"{action} is not supported on resources of kind \"{resource}\"", Details(resource, ""));

    public static ApiStatusException NotFoundPath() => Make(404, "NotFound", "the server could not find the requested resource");

    public static ApiStatusException Gone(string message) => Make(410, "Expired", message);

    /// <summary>The 410 for a watch or list from a compacted revision.</summary>
    public static ApiStatusException TooOldResourceVersion(long requested, long current)
        => Make(410, "Expired", $"too old resource version: {requested} ({current})");

    public static ApiStatusException TooManyRequests(string message, int retryAfterSeconds)
        => Make(429, "TooManyRequests", message, new StatusDetails { RetryAfterSeconds = retryAfterSeconds });

    /// <summary>Upstream's NewRequestEntityTooLargeError: "Request entity too large: " + message.</summary>
    public static ApiStatusException RequestEntityTooLarge(string message) => Make(413, "RequestEntityTooLarge", $"Request entity too large: {message}");

    public static ApiStatusException UnsupportedMediaType(string contentType)
        => Make(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got {contentType})");

    public static ApiStatusException NotAcceptable(string accept)
        => Make(406, "NotAcceptable", $"only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf (requested {accept})");

    public static ApiStatusException InternalError(string message) => Make(500, "InternalError", $"Internal error occurred: {message}");

    public static ApiStatusException ServiceUnavailable(string message) => Make(503, "ServiceUnavailable", message);

    /// <summary>A Success status, as returned by deletes that do not return the object.</summary>
    public static Status Success(GroupResource resource, string name, string uid) => new()
    {
        Kind = "Status",
        ApiVersion = "v1",
        StatusValue = "Success",
        Details = new StatusDetails { Name = name, Group = resource.Group, Kind = resource.Resource, Uid = uid },
    };

    private static StatusDetails Details(GroupResource resource, string name) => new() { Name = name, Group = resource.Group, Kind = resource.Resource };

    private static ApiStatusException Make(int code, string reason, string message, StatusDetails? details = null) => new(new Status
    {
        Kind = "Status",
        ApiVersion = "v1",
        StatusValue = "Failure",
        Message = message,
        Reason = reason,
        Details = details,
        Code = code,
    });
}
