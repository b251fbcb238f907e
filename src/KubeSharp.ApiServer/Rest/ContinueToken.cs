using System.Text;
using System.Text.Json;
using KubeSharp.ApiServer.Errors;

namespace KubeSharp.ApiServer.Rest;

/// <summary>The opaque continue token of paginated lists: base64 of {"v":"meta.k8s.io/v1","rv":N,"start":"key"}, as upstream.</summary>
public sealed record ContinueToken(long Revision, string StartKey)
{
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

    /// <summary>Null for an empty token; 400 for a malformed one.</summary>
    public static ContinueToken? Parse(string token)
    {
        if (token.Length == 0)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(token));
            var root = document.RootElement;
            return new ContinueToken(root.GetProperty("rv").GetInt64(), root.GetProperty("start").GetString() ?? "");
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw ApiErrors.BadRequest($"continue key is not valid: {Encoding.UTF8.GetByteCount(token)} bytes could not be decoded");
        }
    }
}
