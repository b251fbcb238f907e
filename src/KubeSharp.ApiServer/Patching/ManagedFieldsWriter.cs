using System.Buffers;
using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Schema;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// Managed fields for the typed write paths (create, update, and JSON/merge/strategic patches): upstream's
/// <c>FieldManager.UpdateNoErrors</c> applied to the object about to be stored, with the manager named by the
/// <c>fieldManager</c> query parameter or, without one, the user agent's prefix.
/// </summary>
public static class ManagedFieldsWriter
{
    /// <summary>Sets <paramref name="obj"/>'s <c>metadata.managedFields</c> for an Update by <paramref name="manager"/>;
    /// <paramref name="live"/> is null on create.</summary>
    public static void Track(ResourceDefinition resource, IKubeMetaObject? live, IKubeMetaObject obj, string manager, string subresource, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (live is null)
        {
            TrackEncoded(resource, null, obj, manager, subresource, now);
            return;
        }
        var buffer = Encode(resource, live);
        try
        {
            TrackEncoded(resource, buffer.WrittenMemory, obj, manager, subresource, now);
        }
        finally
        {
            Release(buffer);
        }
    }

    /// <summary>As above, with the live object already encoded (<see cref="CachedObject.Encode"/>'s JSON).</summary>
    public static void TrackEncoded(ResourceDefinition resource, ReadOnlyMemory<byte>? liveJson, IKubeMetaObject obj, string manager, string subresource, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(obj);
        if (!ApiSchema.Default.TryGetByKind(resource.Resource.Group, resource.Resource.Version, resource.Type.Kind, out var kind))
        {
            return;
        }
        var buffer = Encode(resource, obj);
        try
        {
            var context = new ManagedFieldsContext(manager, resource.Type.ApiVersion, now) { Subresource = subresource };
            obj.Metadata.ManagedFields = ManagedFields.Update(liveJson, buffer.WrittenMemory, context, kind, previous: obj.Metadata.ManagedFields);
        }
        finally
        {
            Release(buffer);
        }
    }

    // Two buffers per thread (the live and the new object's JSON), reused by the thread's next write.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_spare1;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_spare2;

    /// <summary>This thread's writer for <see cref="Encode"/>, pointed at each buffer in turn.</summary>
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Encodes as <see cref="CachedObject.Encode"/> does, into a buffer reused by this thread's next call.</summary>
    private static ArrayBufferWriter<byte> Encode(ResourceDefinition resource, IKubeMetaObject obj)
    {
        ArrayBufferWriter<byte> buffer;
        if (t_spare1 is { } first)
        {
            buffer = first;
            t_spare1 = null;
        }
        else if (t_spare2 is { } second)
        {
            buffer = second;
            t_spare2 = null;
        }
        else
        {
            buffer = new ArrayBufferWriter<byte>(8192);
        }
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(Stream.Null, KubeJson.WriterOptions);
        writer.Reset(buffer);
        try
        {
            resource.Type.WriteJson(writer, obj);
            writer.Flush();
        }
        finally
        {
            // Not left pointing at the buffer (nor holding a half-written object after a failure).
            writer.Reset(Stream.Null);
        }
        return buffer;
    }

    private static void Release(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity > 1 << 20)
        {
            return;
        }
        if (t_spare1 is null)
        {
            t_spare1 = buffer;
        }
        else
        {
            t_spare2 ??= buffer;
        }
    }

    /// <summary>upstream <c>managerOrUserAgent</c>: the fieldManager parameter, else the user agent up to its first '/'
    /// (at most 128 characters).</summary>
    public static string ManagerOrUserAgent(string? fieldManager, string? userAgent)
    {
        if (!string.IsNullOrEmpty(fieldManager))
        {
            return fieldManager;
        }
        var agent = userAgent ?? "";
        var slash = agent.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash < 0 ? agent : agent[..slash];
        return prefix.Length > 128 ? prefix[..128] : prefix;
    }
}
