using System.Buffers;
using System.Text.Json;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.Controllers.Infrastructure;

/// <summary>
/// JSON merge patches of metadata lists (ownerReferences, finalizers). A merge patch replaces a list as a whole, so the
/// patch carries the whole new list plus the resourceVersion it was computed from (and the uid): a concurrent change
/// makes the server answer 409 Conflict and the controller retries from fresh state, as upstream's patches with uid
/// preconditions do.
/// </summary>
public static class MetadataPatches
{
    /// <summary>A patch setting metadata.ownerReferences (null list removes the field).</summary>
    public static string OwnerReferences(IReadOnlyList<OwnerReference>? references, string resourceVersion, string uid)
        => Write(writer =>
        {
            writer.WritePropertyName("ownerReferences");
            if (references is null || references.Count == 0)
            {
                writer.WriteNullValue();
                return;
            }
            writer.WriteStartArray();
            foreach (var reference in references)
            {
                reference.WriteJson(writer);
            }
            writer.WriteEndArray();
        }, resourceVersion, uid);

    /// <summary>A patch setting metadata.finalizers (null list removes the field).</summary>
    public static string Finalizers(IReadOnlyList<string>? finalizers, string resourceVersion, string uid)
        => Write(writer =>
        {
            writer.WritePropertyName("finalizers");
            if (finalizers is null || finalizers.Count == 0)
            {
                writer.WriteNullValue();
                return;
            }
            writer.WriteStartArray();
            foreach (var finalizer in finalizers)
            {
                writer.WriteStringValue(finalizer);
            }
            writer.WriteEndArray();
        }, resourceVersion, uid);

    private static string Write(Action<Utf8JsonWriter> body, string resourceVersion, string uid)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("metadata");
            body(writer);
            if (resourceVersion.Length > 0)
            {
                writer.WriteString("resourceVersion", resourceVersion);
            }
            if (uid.Length > 0)
            {
                writer.WriteString("uid", uid);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
