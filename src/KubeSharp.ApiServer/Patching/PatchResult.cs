using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patching;

/// <summary>The outcome of applying a patch: the patched document, or the error upstream would answer with.</summary>
public readonly struct PatchResult
{
    private PatchResult(JsonNode? document, PatchError? error)
    {
        Document = document;
        Error = error;
    }

    /// <summary>The patched document (may be any JSON value, e.g. an array after a merge patch that is an array);
    /// null when <see cref="Error"/> is set or when the result is JSON <c>null</c>.</summary>
    public JsonNode? Document { get; }

    /// <summary>The failure, or null on success.</summary>
    public PatchError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    public static PatchResult Success(JsonNode? document) => new(document, null);

    public static PatchResult Failure(PatchError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));

    public override string ToString() => Succeeded ? Document?.ToJsonString() ?? "null" : Error.ToString();
}
