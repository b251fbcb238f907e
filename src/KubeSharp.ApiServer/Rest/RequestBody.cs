using System.Buffers;
using System.Text;
using KubeSharp.Api;
using KubeSharp.Api.Manifests;
using KubeSharp.Api.Protobuf;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>Reads and decodes request bodies (JSON, YAML, Kubernetes protobuf) into typed objects, applying
/// fieldValidation (Strict: 400 on unknown or duplicate fields; Warn: Warning headers; Ignore).</summary>
public static class RequestBody
{
    /// <summary>Reads the whole body, refusing more than <paramref name="limit"/> bytes with 413.</summary>
    public static async ValueTask<byte[]> ReadAsync(HttpContext context, long limit, CancellationToken cancellationToken)
    {
        using var body = await ReadPooledAsync(context, limit, cancellationToken);
        return body.Memory.ToArray();
    }

    /// <summary>
    /// Reads the whole body into a buffer rented from the shared pool, refusing more than <paramref name="limit"/>
    /// bytes with 413. The caller disposes it when the request no longer needs the bytes; decoded objects never refer
    /// to it (decoders copy what they keep).
    /// </summary>
    public static async ValueTask<PooledBody> ReadPooledAsync(HttpContext context, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var declared = context.Request.ContentLength;
        if (declared is { } length && length > limit)
        {
            throw ApiErrors.RequestEntityTooLarge($"limit is {limit}");
        }
        // The declared length (plus one byte, so a body that matches it ends in one read), else a small start.
        var initial = (int)Math.Min(declared is { } known ? known + 1 : 4096, Math.Min(limit + 1, Array.MaxLength));
        var body = new PooledBody(ArrayPool<byte>.Shared.Rent(Math.Max(initial, 256)));
        try
        {
            var stream = context.Request.Body;
            while (true)
            {
                if (body.Length == body.Capacity)
                {
                    body.Grow();
                }
                var read = await stream.ReadAsync(body.Free, cancellationToken);
                if (read == 0)
                {
                    break;
                }
                if (body.Length + read > limit)
                {
                    throw ApiErrors.RequestEntityTooLarge($"limit is {limit}");
                }
                body.Advance(read);
            }
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>The media type without parameters, lower-case ("application/json" when absent).</summary>
    public static string MediaType(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (string.IsNullOrEmpty(contentType))
        {
            return "application/json";
        }
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    /// <summary>Turns YAML into JSON when the media type says YAML; JSON passes through.</summary>
    public static ReadOnlyMemory<byte> ToJson(string mediaType, ReadOnlyMemory<byte> body)
    {
        if (mediaType is "application/yaml" or "application/x-yaml" or "text/yaml" or "application/apply-patch+yaml")
        {
            try
            {
                return YamlToJson.Convert(body.Span);
            }
            catch (ManifestException e)
            {
                throw ApiErrors.BadRequest(e.Message);
            }
        }
        return body;
    }

    /// <summary>Decodes an object of the resource's kind.</summary>
    public static IKubeMetaObject DecodeObject(HttpContext context, ResourceDefinition resource, ReadOnlyMemory<byte> body, string fieldValidation)
    {
        var mediaType = MediaType(context);
        var type = resource.Type;
        object decoded;
        if (mediaType == KubeProtobuf.ContentType)
        {
            try
            {
                decoded = KubeProtobuf.Decode(body.Span, type);
            }
            catch (ProtoDecodeException e)
            {
                throw ApiErrors.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: {e.Message}");
            }
        }
        else if (mediaType is "application/json" or "application/yaml" or "application/x-yaml" or "text/yaml" or "*/*")
        {
            decoded = DecodeJson(context, type, ToJson(mediaType, body), fieldValidation);
        }
        else
        {
            throw ApiErrors.UnsupportedMediaType(mediaType);
        }
        if (decoded is not IKubeMetaObject obj)
        {
            throw ApiErrors.BadRequest($"the body does not hold a {type.Kind}");
        }
        return obj;
    }

    /// <summary>Decodes JSON strictly as <paramref name="type"/>, reporting findings per fieldValidation.</summary>
    public static object DecodeJson(HttpContext context, ApiTypeInfo type, ReadOnlyMemory<byte> json, string fieldValidation)
    {
        var collect = !string.Equals(fieldValidation, "Ignore", StringComparison.Ordinal);
        var decodeContext = new JsonDecodeContext(collect) { Source = json };
        object decoded;
        try
        {
            decoded = KubeJson.Deserialize(type, json.Span, decodeContext);
        }
        catch (JsonDecodeException e)
        {
            throw ApiErrors.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: {e.Message}");
        }
        if (decodeContext.HasFindings)
        {
            var findings = new List<string>();
            findings.AddRange(decodeContext.UnknownFields.Select(f => $"unknown field \"{f}\""));
            findings.AddRange(decodeContext.DuplicateFields.Select(f => $"duplicate field \"{f}\""));
            if (string.Equals(fieldValidation, "Strict", StringComparison.Ordinal))
            {
                throw ApiErrors.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {string.Join(", ", findings)}");
            }
            foreach (var finding in findings)
            {
                AddWarning(context, finding);
            }
        }
        return decoded;
    }

    /// <summary>A private copy of a storage-version object, through its JSON form.</summary>
    public static object Reencode(ResourceDefinition resource, IKubeMetaObject obj)
        => KubeJson.Deserialize(resource.Storage.Type, CachedObject.Encode(resource.Storage, obj));

    /// <summary>Adds a <c>Warning: 299 - "text"</c> header with quotes and backslashes escaped (kubectl drops
    /// warnings whose inner quotes are not escaped).</summary>
    public static void AddWarning(HttpContext context, string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        context.Response.Headers.Append("Warning", $"299 - \"{escaped}\"");
    }
}

/// <summary>A request body in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; returned on dispose, after which
/// <see cref="Memory"/> throws.</summary>
public sealed class PooledBody : IDisposable
{
    private byte[]? _buffer;

    internal PooledBody(byte[] buffer) => _buffer = buffer;

    /// <summary>The bytes read.</summary>
    public int Length { get; private set; }

    /// <summary>The body (valid until disposed).</summary>
    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    internal int Capacity => Buffer.Length;

    internal Memory<byte> Free => Buffer.AsMemory(Length);

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PooledBody));

    internal void Advance(int count) => Length += count;

    internal void Grow()
    {
        var old = Buffer;
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)old.Length * 2, Array.MaxLength));
        old.AsSpan(0, Length).CopyTo(larger);
        _buffer = larger;
        ArrayPool<byte>.Shared.Return(old);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = null;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
