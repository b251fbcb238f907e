using KubeSharp.Api.Meta.V1;

namespace KubeSharp.ApiServer.Errors;

/// <summary>
/// An API error that ends a request with a metav1.Status reply. Thrown inside request handling and turned
/// into the response at the boundary (<see cref="Hosting.RequestPipeline"/>); build it with <see cref="ApiErrors"/>.
/// </summary>
public sealed class ApiStatusException : Exception
{
    public ApiStatusException() : this(ApiErrors.InternalError("unknown error").Status) { }

    public ApiStatusException(string message) : this(ApiErrors.InternalError(message).Status) { }

    public ApiStatusException(string message, Exception inner) : base(message, inner) => Status = ApiErrors.InternalError(message).Status;

    public ApiStatusException(Status status) : base(status.Message) => Status = status;

    /// <summary>The Status sent to the client; its Code is the HTTP status.</summary>
    public Status Status { get; }

    /// <summary>Seconds for a Retry-After header (429, 503), or 0.</summary>
    public int RetryAfterSeconds => Status.Details?.RetryAfterSeconds ?? 0;
}
