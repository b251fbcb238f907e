using System.Text.Json;
using KubeSharp.ApiServer.Errors;

namespace KubeSharp.ApiServer.Rest;

/// <summary>
/// The opaque continue token of paginated lists, as upstream encodes it: base64 of
/// {"v":"meta.k8s.io/v1","rv":N,"start":"key"}, where start is the next key relative to the resource's key prefix
/// (so a token can never reach another resource's keys) and rv is the revision of the first page. rv -1 (handed out
/// with a 410 after compaction) continues at the latest revision.
/// </summary>
public sealed record ContinueToken(long Revision, string StartKey)
{
    /// <summary>The revision value meaning "continue at the latest revision".</summary>
    public const long Latest = -1;

    public string Encode()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("v", "meta.k8s.io/v1");
            writer.WriteNumber("rv", Revision);
            writer.WriteString("start", StartKey);
            writer.WriteEndObject();
        }
        return Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>A token continuing after <paramref name="lastKey"/> (a full key under <paramref name="keyPrefix"/>).</summary>
    public static ContinueToken After(long revision, string lastKey, string keyPrefix)
        => new(revision, (lastKey.StartsWith(keyPrefix, StringComparison.Ordinal) ? lastKey[keyPrefix.Length..] : lastKey) + "\0");

    /// <summary>The full key to continue from, under <paramref name="keyPrefix"/> (which ends with '/').</summary>
    public string KeyUnder(string keyPrefix) => keyPrefix + StartKey;

    /// <summary>Null for an empty token; 400 "continue key is not valid" for a malformed one, as upstream.</summary>
    public static ContinueToken? Parse(string token)
    {
        if (token.Length == 0)
        {
            return null;
        }
        string version;
        long revision;
        string start;
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(token));
            var root = document.RootElement;
            version = root.TryGetProperty("v", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            revision = root.TryGetProperty("rv", out var rv) && rv.ValueKind == JsonValueKind.Number ? rv.GetInt64() : 0;
            start = root.TryGetProperty("start", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw Invalid(e is FormatException ? "illegal base64 data" : "invalid character in the encoded token");
        }
        if (version != "meta.k8s.io/v1")
        {
            throw Invalid("server does not recognize this encoding");
        }
        if (start.Length == 0)
        {
            throw Invalid("encoded start key empty");
        }
        // Upstream cleans the key as a path and refuses anything that climbs out of the prefix.
        var trimmed = start.TrimEnd('\0');
        if (trimmed.StartsWith('/') || trimmed.Split('/').Any(part => part is ".." or "."))
        {
            throw Invalid("path traversal attempts are not allowed");
        }
        return new ContinueToken(revision, start);
    }

    private static ApiStatusException Invalid(string reason)
        => ApiErrors.BadRequest($"continue key is not valid: {reason}");
}
