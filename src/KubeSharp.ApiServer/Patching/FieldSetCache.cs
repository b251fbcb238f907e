namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// Decoded FieldsV1 by content: the same field set text (the creator's entry of every pod made from one template,
/// every node's Lease entry, an entry an update left as it was) is decoded once and its <see cref="FieldSet"/>
/// shared. Safe because a set is never changed once handed out and its FieldsV1 form is worked out from its members
/// alone. A small direct-mapped table: a colliding content replaces the slot's entry, so memory stays bounded
/// (<see cref="Slots"/> entries of at most <see cref="MaxBytes"/> bytes of text each).
/// </summary>
internal static class FieldSetCache
{
    /// <summary>Table size (a power of two).</summary>
    public const int Slots = 512;

    /// <summary>Larger field sets are decoded every time.</summary>
    public const int MaxBytes = 16 * 1024;

    private static readonly Entry?[] s_slots = new Entry?[Slots];

    /// <summary>One cached content: the FieldsV1 text (never changed), its hash and the decoded set.</summary>
    private sealed record Entry(byte[] Text, int Hash, FieldSet Set);

    /// <summary><see cref="FieldSet.FromFieldsV1"/>, from the table when the same text was decoded or written before.</summary>
    public static FieldSet? Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            return FieldSet.FromFieldsV1(utf8);
        }
        var hash = Hash(utf8);
        ref var slot = ref s_slots[hash & (Slots - 1)];
        if (Volatile.Read(ref slot) is { } entry && entry.Hash == hash && entry.Text.AsSpan().SequenceEqual(utf8))
        {
            return entry.Set;
        }
        var set = FieldSet.FromFieldsV1(utf8);
        if (set is not null && set.Shareable)
        {
            var text = utf8.ToArray();
            // The text is the set's FieldsV1 when it is in canonical form (written by FieldSet.WriteFieldsV1, as
            // every stored entry is): the set then writes itself by returning it.
            set.RememberFieldsV1IfCanonical(text);
            Volatile.Write(ref slot, new Entry(text, hash, set));
        }
        return set;
    }

    /// <summary>Records that <paramref name="set"/> writes as <paramref name="text"/> (its own FieldsV1, never changed),
    /// so that the next decode of that text finds it.</summary>
    public static void Remember(byte[] text, FieldSet set)
    {
        if (text.Length > MaxBytes || !set.Shareable)
        {
            return;
        }
        var hash = Hash(text);
        ref var slot = ref s_slots[hash & (Slots - 1)];
        if (Volatile.Read(ref slot) is { } entry && entry.Hash == hash && entry.Text.AsSpan().SequenceEqual(text))
        {
            return;
        }
        Volatile.Write(ref slot, new Entry(text, hash, set));
    }

    private const int ListSlots = 512;

    /// <summary>Larger lists of paths are made into a set every time.</summary>
    private const int MaxPaths = 1024;

    private static readonly ListEntry?[] s_lists = new ListEntry?[ListSlots];

    /// <summary>One cached list of paths (never changed), its hash and the set of them.</summary>
    private sealed record ListEntry(int Hash, FieldPath[] Paths, FieldSet Set);

    /// <summary>
    /// <see cref="FieldSet.Of"/>, from the table when the same paths came in the same order before (a walk of the
    /// same shape of object records the same paths in the same order: every pod created from one template, every
    /// condition flip), so that the set, and the FieldsV1 text it learns when written, are shared.
    /// </summary>
    public static FieldSet Of(List<FieldPath> paths)
    {
        if (paths.Count == 0 || paths.Count > MaxPaths)
        {
            return FieldSet.Of(paths);
        }
        var combined = new HashCode();
        var text = 0;
        for (var i = 0; i < paths.Count; i++)
        {
            combined.Add(paths[i].GetHashCode());
            var elements = paths[i].Elements;
            for (var j = 0; j < elements.Count; j++)
            {
                text += elements[j].Text.Length;
            }
        }
        if (text > MaxBytes)
        {
            // As Decode: no large sets in the process-wide table (their text is the request's, before validation).
            return FieldSet.Of(paths);
        }
        var hash = combined.ToHashCode();
        ref var slot = ref s_lists[hash & (ListSlots - 1)];
        if (Volatile.Read(ref slot) is { } entry && entry.Hash == hash && Same(entry.Paths, paths))
        {
            return entry.Set;
        }
        var set = FieldSet.Of(paths);
        if (set.Shareable)
        {
            Volatile.Write(ref slot, new ListEntry(hash, [.. paths], set));
        }
        return set;
    }

    private static bool Same(FieldPath[] cached, List<FieldPath> paths)
    {
        if (cached.Length != paths.Count)
        {
            return false;
        }
        for (var i = 0; i < cached.Length; i++)
        {
            if (!ReferenceEquals(cached[i], paths[i]) && !cached[i].Equals(paths[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }
}
