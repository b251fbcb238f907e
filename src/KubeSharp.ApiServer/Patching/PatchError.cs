namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// Why a patch could not be applied, as the upstream API server answers it: the HTTP status code, the
/// <c>metav1.Status</c> reason and message, and (for server-side apply conflicts) the causes.
/// <see cref="Detail"/> keeps the engine's own error text, which upstream sometimes hides behind a generic message.
/// </summary>
public sealed record PatchError
{
    /// <summary>The generic text upstream gives a 422 built by <c>NewGenericServerResponse</c>.</summary>
    public const string GenericUnprocessableMessage = "the server rejected our request due to an error in our request";

    /// <summary>HTTP status code (400, 409, 413, 422 or 500).</summary>
    public required int Code { get; init; }

    /// <summary><c>metav1.Status</c> reason: BadRequest, Conflict, RequestEntityTooLarge, Invalid, or "" (unknown).</summary>
    public required string Reason { get; init; }

    /// <summary>The Status message.</summary>
    public required string Message { get; init; }

    /// <summary>The engine's error text (equals <see cref="Message"/> unless upstream replaces it).</summary>
    public required string Detail { get; init; }

    /// <summary>Status details causes (server-side apply conflicts), empty otherwise.</summary>
    public IReadOnlyList<PatchErrorCause> Causes { get; init; } = [];

    /// <summary>400 BadRequest with the message as given (<c>errors.NewBadRequest</c>).</summary>
    public static PatchError BadRequest(string message)
        => new() { Code = 400, Reason = "BadRequest", Message = message, Detail = message };

    /// <summary>
    /// 422 Invalid as <c>NewGenericServerResponse(422, …)</c> builds it: the message is the generic text and the
    /// engine's error survives only in <see cref="Detail"/>.
    /// </summary>
    public static PatchError UnprocessableEntity(string detail)
        => new() { Code = 422, Reason = "Invalid", Message = GenericUnprocessableMessage, Detail = detail };

    /// <summary>
    /// 500 with an empty reason: what the API server answers for an error that is not a Status error
    /// (<c>ErrorToAPIStatus</c> of a plain Go error).
    /// </summary>
    public static PatchError Internal(string message)
        => new() { Code = 500, Reason = "", Message = message, Detail = message };

    /// <summary>413 RequestEntityTooLarge (<c>errors.NewRequestEntityTooLargeError</c>).</summary>
    public static PatchError RequestEntityTooLarge(string message)
        => new() { Code = 413, Reason = "RequestEntityTooLarge", Message = "Request entity too large: " + message, Detail = message };

    public override string ToString() => $"{Code} {Reason}: {Message}";
}

/// <summary>One <c>metav1.StatusCause</c>.</summary>
/// <param name="Type">Cause type, e.g. <c>FieldManagerConflict</c>.</param>
/// <param name="Message">Cause message, e.g. <c>conflict with "kubectl" using apps/v1</c>.</param>
/// <param name="Field">The field path, e.g. <c>.spec.replicas</c>.</param>
public sealed record PatchErrorCause(string Type, string Message, string Field);
