namespace KubeSharp.ApiServer.Patching;

/// <summary>How the API server answers a strategic merge patch error (upstream's <c>interpretStrategicMergePatchError</c>).</summary>
internal enum SmpFailureKind
{
    /// <summary>A plain Go error: 500 with an empty reason.</summary>
    Internal,

    /// <summary>A malformed directive: 400 BadRequest.</summary>
    BadRequest,

    /// <summary>Lists of lists: 422 with the generic message.</summary>
    Unprocessable,
}

/// <summary>
/// An error raised deep inside the strategic merge; used only as internal control flow and always turned into a
/// <see cref="PatchError"/> value by <see cref="StrategicMergePatch"/> before it reaches a caller.
/// </summary>
internal sealed class SmpFailure : Exception
{
    public SmpFailure(string message, SmpFailureKind kind)
        : base(message)
    {
        Kind = kind;
    }

    public SmpFailure(string message)
        : base(message)
    {
    }

    public SmpFailure()
        : base("strategic merge patch failed")
    {
    }

    public SmpFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SmpFailureKind Kind { get; }

    public static SmpFailure BadPatchFormatForPrimitiveList() => new("invalid patch format of primitive list", SmpFailureKind.BadRequest);

    public static SmpFailure BadPatchFormatForRetainKeys() => new("invalid patch format of retainKeys", SmpFailureKind.BadRequest);

    public static SmpFailure BadPatchFormatForSetElementOrderList() => new("invalid patch format of setElementOrder list", SmpFailureKind.BadRequest);

    public static SmpFailure NoListOfLists() => new("lists of lists are not supported", SmpFailureKind.Unprocessable);

    /// <summary><c>mergepatch.ErrNoMergeKey</c>.</summary>
    public static SmpFailure NoMergeKey(object? map, string key) => new($"map: {GoFmt.Value(map)} does not contain declared merge key: {key}");

    /// <summary><c>mergepatch.ErrBadArgType</c> with the expected Go type named.</summary>
    public static SmpFailure BadArgType(string expectedType, object? actual) => new($"expected a {expectedType}, but received a {GoFmt.TypeName(actual)}");

    /// <summary><c>mergepatch.ErrBadPatchType</c>.</summary>
    public static SmpFailure BadPatchType(object? directive, object? map) => new($"unknown patch type: {GoFmt.S(directive)} in map: {GoFmt.Value(map)}");

    public PatchError ToPatchError() => Kind switch
    {
        SmpFailureKind.BadRequest => PatchError.BadRequest(Message),
        SmpFailureKind.Unprocessable => PatchError.UnprocessableEntity(Message),
        _ => PatchError.Internal(Message),
    };
}
