namespace KubeSharp.Storage;

/// <summary>Key range helpers (keys compare as UTF-8 bytes, like etcd).</summary>
public static class KeyRanges
{
    /// <summary>The smallest key greater than every key with <paramref name="prefix"/>, as etcd's
    /// <c>clientv3.GetPrefixRangeEnd</c>; "\0" when there is none (all keys).</summary>
    public static string PrefixEnd(string prefix)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xFF)
            {
                bytes[i]++;
                return System.Text.Encoding.UTF8.GetString(bytes, 0, i + 1);
            }
        }
        return "\0";
    }
}
