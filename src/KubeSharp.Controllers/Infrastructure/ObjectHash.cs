using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace KubeSharp.Controllers.Infrastructure;

/// <summary>
/// The short hashes controllers put in names and labels (pod-template-hash, controller-revision-hash): FNV-1a (32 bit)
/// over the object's canonical bytes, then the collision count as 8 little-endian bytes when set, printed in decimal and
/// mapped to upstream's safe alphabet (rand.SafeEncodeString: no vowels, no look-alike characters). Upstream hashes
/// Go's %#v dump instead, so the values differ from upstream's but are stable across processes and KubeSharp releases.
/// </summary>
public static class ObjectHash
{
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>The hash of <paramref name="data"/> probed with <paramref name="collisionCount"/>.</summary>
    public static string Compute(ReadOnlySpan<byte> data, int? collisionCount)
    {
        var hash = 2166136261u;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 16777619u;
        }
        if (collisionCount is { } count)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, unchecked((uint)count));
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 16777619u;
            }
        }
        return SafeEncode(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>rand.SafeEncodeString: every character mapped into the safe alphabet.</summary>
    public static string SafeEncode(string text)
    {
        var encoded = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            encoded.Append(SafeAlphabet[c % SafeAlphabet.Length]);
        }
        return encoded.ToString();
    }
}
