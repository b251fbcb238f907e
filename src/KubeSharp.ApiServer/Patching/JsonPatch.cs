using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// RFC 6902 JSON Patch as the API server applies it (gopkg.in/evanphx/json-patch.v4, v4.12): operations
/// <c>add</c>, <c>remove</c>, <c>replace</c>, <c>move</c>, <c>copy</c>, <c>test</c>; <c>~0</c>/<c>~1</c> escapes;
/// <c>-</c> appends; negative array indexes count from the end. Quirks kept from upstream: <c>replace</c> of a
/// missing object member adds it, a missing <c>value</c> means <c>null</c>, a path without a leading segment
/// (<c>a/b</c>) ignores its first segment, and <c>replace</c> of the root with a scalar is a no-op.
/// </summary>
public static class JsonPatch
{
    /// <summary>Upstream's maximum number of operations in one patch (<c>maxJSONPatchOperations</c>).</summary>
    public const int MaxOperations = 10000;

    /// <summary>The API server's default limit on the bytes added by <c>copy</c> operations (<c>JSONPatchMaxCopyBytes</c>, 3 MiB).</summary>
    public const long DefaultMaxCopyBytes = 3 * 1024 * 1024;

    /// <summary>
    /// Decodes <paramref name="patchUtf8"/> and applies it to a copy of <paramref name="document"/>.
    /// A patch that does not decode is a 400 (Go's decoding error); too many operations a 413; an operation that
    /// fails a 422 whose message is upstream's generic text (the operation's error is in <see cref="PatchError.Detail"/>).
    /// </summary>
    public static PatchResult Apply(JsonNode document, ReadOnlySpan<byte> patchUtf8, long maxCopyBytes = DefaultMaxCopyBytes)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!GoJsonDecoder.TryParse(patchUtf8, out var parsed, out var syntaxError))
        {
            return PatchResult.Failure(PatchError.BadRequest(syntaxError));
        }

        switch (parsed)
        {
            case null:
                return Apply(document, new JsonArray(), maxCopyBytes);
            case JsonArray operations:
                foreach (var op in operations)
                {
                    if (op is not null and not JsonObject)
                    {
                        return PatchResult.Failure(PatchError.BadRequest(
                            $"json: cannot unmarshal {GoJsonDecoder.KindName(op)} into Go value of type jsonpatch.Operation"));
                    }
                }
                return Apply(document, operations, maxCopyBytes);
            default:
                return PatchResult.Failure(PatchError.BadRequest(
                    $"json: cannot unmarshal {GoJsonDecoder.KindName(parsed)} into Go value of type jsonpatch.Patch"));
        }
    }

    /// <summary>Applies decoded operations (each a JSON object, or null for an empty operation) to a copy of the document.</summary>
    public static PatchResult Apply(JsonNode document, JsonArray operations, long maxCopyBytes = DefaultMaxCopyBytes)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count > MaxOperations)
        {
            return PatchResult.Failure(PatchError.RequestEntityTooLarge(
                $"The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}"));
        }

        var root = new JsonPatchRoot(document.DeepClone());
        long copied = 0;
        foreach (var node in operations)
        {
            var op = node as JsonObject ?? [];
            var error = Kind(op) switch
            {
                "add" => JsonPatchOperations.Add(root, op),
                "remove" => JsonPatchOperations.Remove(root, op),
                "replace" => JsonPatchOperations.Replace(root, op),
                "move" => JsonPatchOperations.Move(root, op),
                "test" => JsonPatchOperations.Test(root, op),
                "copy" => JsonPatchOperations.Copy(root, op, ref copied, maxCopyBytes),
                var other => "Unexpected kind: " + other,
            };
            if (error is not null)
            {
                return PatchResult.Failure(PatchError.UnprocessableEntity(error));
            }
        }

        return PatchResult.Success(root.Value);
    }

    /// <summary>The <c>op</c> member as a string, or <c>unknown</c> (upstream's <c>Operation.Kind</c>).</summary>
    private static string Kind(JsonObject op)
        => op.TryGetPropertyValue("op", out var value) && value is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : "unknown";
}

/// <summary>The document being patched; <c>replace</c> of the path <c>""</c> swaps it.</summary>
internal sealed class JsonPatchRoot(JsonNode? value)
{
    public JsonNode? Value { get; set; } = value;
}

/// <summary>RFC 6901 token decoding (<c>~1</c> then <c>~0</c>, left to right in one pass).</summary>
internal static class JsonPointerToken
{
    public static string Decode(string token)
    {
        if (!token.Contains('~', StringComparison.Ordinal))
        {
            return token;
        }

        var sb = new StringBuilder(token.Length);
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '~' && i + 1 < token.Length && (token[i + 1] == '0' || token[i + 1] == '1'))
            {
                sb.Append(token[i + 1] == '1' ? '/' : '~');
                i++;
            }
            else
            {
                sb.Append(token[i]);
            }
        }
        return sb.ToString();
    }
}
