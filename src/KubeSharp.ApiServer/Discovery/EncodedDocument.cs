using System.Security.Cryptography;

namespace KubeSharp.ApiServer.Discovery;

/// <summary>A response body encoded once and served many times, with its content type and entity tag.</summary>
public sealed class EncodedDocument
{
    /// <summary>Wraps <paramref name="body"/>; the entity tag is the upper-case hex SHA-512 of the body, quoted
    /// (upstream's <c>fmt.Sprintf("%X", sha512.Sum512(data))</c>).</summary>
    public EncodedDocument(byte[] body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        Body = body;
        ContentType = contentType;
        Hash = Convert.ToHexString(SHA512.HashData(body));
        ETag = "\"" + Hash + "\"";
    }

    /// <summary>The encoded bytes. Never mutated.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The exact <c>Content-Type</c> to send.</summary>
    public string ContentType { get; }

    /// <summary>Upper-case hex SHA-512 of <see cref="Body"/>.</summary>
    public string Hash { get; }

    /// <summary><see cref="Hash"/> in double quotes, as sent in <c>ETag</c>.</summary>
    public string ETag { get; }
}
