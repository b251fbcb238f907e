using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// The six JSON Patch operations with evanphx/json-patch v4's error texts (pkg/errors wrapping:
/// <c>"context: cause"</c>). Each returns null on success or the error text.
/// </summary>
internal static class JsonPatchOperations
{
    private const string Missing = "missing value";
    private const string TestFailed = "test failed";

    public static string? Add(JsonPatchRoot root, JsonObject op)
    {
        if (Path(op, out var path) is not null)
        {
            return $"add operation failed to decode path: {Missing}";
        }
        var container = JsonPatchContainer.Find(root, path);
        if (container is null)
        {
            return $"add operation does not apply: doc is missing path: \"{path}\": {Missing}";
        }
        var error = container.Value.Add(Value(op));
        return error is null ? null : $"error in add for path: '{path}': {error}";
    }

    public static string? Remove(JsonPatchRoot root, JsonObject op)
    {
        if (Path(op, out var path) is not null)
        {
            return $"remove operation failed to decode path: {Missing}";
        }
        var container = JsonPatchContainer.Find(root, path);
        if (container is null)
        {
            return $"remove operation does not apply: doc is missing path: \"{path}\": {Missing}";
        }
        var error = container.Value.Remove();
        return error is null ? null : $"error in remove for path: '{path}': {error}";
    }

    public static string? Replace(JsonPatchRoot root, JsonObject op)
    {
        if (Path(op, out var path) is { } pathError)
        {
            return $"replace operation failed to decode path: {pathError}";
        }
        if (path.Length == 0)
        {
            // Upstream wraps a nil error here, which yields no error at all: a scalar value is silently ignored.
            if (Value(op) is JsonObject or JsonArray)
            {
                root.Value = Value(op);
            }
            return null;
        }
        var container = JsonPatchContainer.Find(root, path);
        if (container is null)
        {
            return $"replace operation does not apply: doc is missing path: {path}: {Missing}";
        }
        if (container.Value.Get(out _) is not null)
        {
            return $"replace operation does not apply: doc is missing key: {path}: {Missing}";
        }
        var error = container.Value.Set(Value(op));
        return error is null ? null : $"error in remove for path: '{path}': {error}";
    }

    public static string? Move(JsonPatchRoot root, JsonObject op)
    {
        if (From(op, out var from) is { } fromError)
        {
            return $"move operation failed to decode from: {fromError}";
        }
        var source = JsonPatchContainer.Find(root, from);
        if (source is null)
        {
            return $"move operation does not apply: doc is missing from path: {from}: {Missing}";
        }
        if (source.Value.Get(out var value) is { } getError)
        {
            return $"error in move for path: '{source.Value.Key}': {getError}";
        }
        if (source.Value.Remove() is { } removeError)
        {
            return $"error in move for path: '{source.Value.Key}': {removeError}";
        }
        if (Path(op, out var path) is { } pathError)
        {
            return $"move operation failed to decode path: {pathError}";
        }
        var target = JsonPatchContainer.Find(root, path);
        if (target is null)
        {
            return $"move operation does not apply: doc is missing destination path: {path}: {Missing}";
        }
        var error = target.Value.Add(value);
        return error is null ? null : $"error in move for path: '{path}': {error}";
    }

    public static string? Copy(JsonPatchRoot root, JsonObject op, ref long copied, long maxCopyBytes)
    {
        if (From(op, out var from) is { } fromError)
        {
            return $"copy operation failed to decode from: {fromError}";
        }
        var source = JsonPatchContainer.Find(root, from);
        if (source is null)
        {
            return $"copy operation does not apply: doc is missing from path: {from}: {Missing}";
        }
        if (source.Value.Get(out var value) is { } getError)
        {
            return $"error in copy for from: '{from}': {getError}";
        }
        if (Path(op, out var path) is not null)
        {
            return $"copy operation failed to decode path: {Missing}";
        }
        var target = JsonPatchContainer.Find(root, path);
        if (target is null)
        {
            return $"copy operation does not apply: doc is missing destination path: {path}: {Missing}";
        }
        var copy = value?.DeepClone();
        copied += Encoding.UTF8.GetByteCount(copy?.ToJsonString() ?? "null");
        if (maxCopyBytes > 0 && copied > maxCopyBytes)
        {
            return $"Unable to complete the copy, the accumulated size increase of copy is {copied}, exceeding the limit {maxCopyBytes}";
        }
        var error = target.Value.Add(copy);
        return error is null ? null : $"error while adding value during copy: {error}";
    }

    public static string? Test(JsonPatchRoot root, JsonObject op)
    {
        if (Path(op, out var path) is { } pathError)
        {
            return $"test operation failed to decode path: {pathError}";
        }
        var hasValue = op.TryGetPropertyValue("value", out var expected);
        if (path.Length == 0)
        {
            return hasValue && JsonPatchEquality.Equal(root.Value, expected) ? null : $"testing value {path} failed: {TestFailed}";
        }
        var container = JsonPatchContainer.Find(root, path);
        if (container is null)
        {
            return $"test operation does not apply: is missing path: {path}: {Missing}";
        }
        if (container.Value.Get(out var actual) is { } getError)
        {
            return $"error in test for path: '{path}': {getError}";
        }
        if (actual is null)
        {
            return expected is null ? null : $"testing value {path} failed: {TestFailed}";
        }
        return hasValue && JsonPatchEquality.Equal(actual, expected) ? null : $"testing value {path} failed: {TestFailed}";
    }

    /// <summary>The operation's value, detached for insertion; a missing value is null.</summary>
    private static JsonNode? Value(JsonObject op)
        => op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : null;

    private static string? Path(JsonObject op, out string path)
        => StringMember(op, "path", "operation missing path field", out path);

    private static string? From(JsonObject op, out string from)
        => StringMember(op, "from", "operation, missing from field", out from);

    /// <summary>Reads a string member; returns the error text (Go's unmarshal error, or the missing-field text).</summary>
    private static string? StringMember(JsonObject op, string name, string missingText, out string value)
    {
        value = "unknown";
        if (!op.TryGetPropertyValue(name, out var node) || node is null)
        {
            return $"{missingText}: {Missing}";
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return null;
        }
        return $"json: cannot unmarshal {GoJsonDecoder.KindName(node)} into Go value of type string";
    }
}

/// <summary>evanphx's <c>lazyNode.equal</c>: objects by members, arrays by elements, scalars by compact text.</summary>
internal static class JsonPatchEquality
{
    public static bool Equal(JsonNode? left, JsonNode? right)
    {
        switch (left)
        {
            case JsonObject lo:
                if (right is not JsonObject ro || lo.Count != ro.Count)
                {
                    return false;
                }
                foreach (var (key, value) in lo)
                {
                    if (!ro.TryGetPropertyValue(key, out var other) || !Equal(value, other))
                    {
                        return false;
                    }
                }
                return true;
            case JsonArray la:
                if (right is not JsonArray ra || la.Count != ra.Count)
                {
                    return false;
                }
                for (var i = 0; i < la.Count; i++)
                {
                    if (!Equal(la[i], ra[i]))
                    {
                        return false;
                    }
                }
                return true;
            case null:
                return right is null;
            default:
                return right is JsonValue && left.ToJsonString() == right.ToJsonString();
        }
    }
}
