using System.Text;

namespace KubeSharp.Storage.Sqlite;

/// <summary>A key range <c>[Start, End)</c> as UTF-8 bytes, compared bytewise like SQLite compares BLOBs.</summary>
/// <remarks>etcd's conventions: no (or an empty) range end means the single key; a range end of <c>"\0"</c> means every key
/// from the start key on, written here as the one byte 0xFF, which no UTF-8 key reaches.</remarks>
internal readonly record struct KeyBounds(byte[] Start, byte[] End)
{
    private static readonly byte[] Unbounded = [0xFF];

    public static KeyBounds For(string key, string? rangeEnd)
    {
        var start = Encoding.UTF8.GetBytes(key);
        if (string.IsNullOrEmpty(rangeEnd))
        {
            var end = new byte[start.Length + 1];
            start.CopyTo(end, 0);
            return new KeyBounds(start, end);
        }
        return new KeyBounds(start, rangeEnd == "\0" ? Unbounded : Encoding.UTF8.GetBytes(rangeEnd));
    }

    public bool Contains(ReadOnlySpan<byte> key) => key.SequenceCompareTo(Start) >= 0 && key.SequenceCompareTo(End) < 0;
}
