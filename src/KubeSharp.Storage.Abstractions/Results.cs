namespace KubeSharp.Storage;

/// <summary>Result of <see cref="IKeyValueStore.GetAsync"/>.</summary>
/// <param name="Kv">The key's value, or null when it does not exist at that revision.</param>
/// <param name="Revision">The store revision the read was served at.</param>
public readonly record struct GetResult(KeyValue? Kv, long Revision);

/// <summary>A range read. <see cref="RangeEnd"/> null reads the single key <see cref="Key"/>;
/// use <see cref="Prefix"/> for every key starting with a prefix.</summary>
public sealed record RangeRequest(string Key, string? RangeEnd, long Revision = 0, long Limit = 0, bool KeysOnly = false, bool CountOnly = false)
{
    /// <summary>Every key that starts with <paramref name="prefix"/>.</summary>
    public static RangeRequest Prefix(string prefix, long revision = 0, long limit = 0)
        => new(prefix, KeyRanges.PrefixEnd(prefix), revision, limit);
}

/// <summary>Result of <see cref="IKeyValueStore.RangeAsync"/>.</summary>
/// <param name="Kvs">The values in key order (empty with CountOnly).</param>
/// <param name="Revision">The store revision the read was served at; page on at this revision.</param>
/// <param name="More">Whether more keys are in the range beyond <see cref="Kvs"/>.</param>
/// <param name="Count">The number of keys in the whole range at that revision.</param>
public sealed record RangeResult(IReadOnlyList<KeyValue> Kvs, long Revision, bool More, long Count);

/// <summary>Result of a create, update or delete.</summary>
/// <param name="Succeeded">Whether the write happened (false: the key existed on create, or the
/// compare failed / the key was missing on update and delete).</param>
/// <param name="Revision">The store revision after the operation (the new revision when it succeeded).</param>
/// <param name="Kv">On success: the written value (create, update) or the deleted value (delete).
/// On failure: the current value, or null when the key does not exist.</param>
public readonly record struct WriteResult(bool Succeeded, long Revision, KeyValue? Kv);

/// <summary>A watch. <see cref="RangeEnd"/> null watches the single key <see cref="Key"/>.</summary>
public sealed record WatchRequest(string Key, string? RangeEnd, long StartRevision = 0, bool ProgressNotify = false)
{
    /// <summary>Whether Put events must carry the previous value (the default). With false an engine may leave it out
    /// (then <see cref="WatchEvent.PrevKv"/> of a Put has the previous revisions and version but an empty value), which
    /// spares it reading the old value on every update; Delete events always carry it.</summary>
    public bool PutPrevValues { get; init; } = true;

    /// <summary>Every key that starts with <paramref name="prefix"/>.</summary>
    public static WatchRequest Prefix(string prefix, long startRevision = 0, bool progressNotify = false)
        => new(prefix, KeyRanges.PrefixEnd(prefix), startRevision, progressNotify);
}

/// <summary>What a watch event reports.</summary>
public enum WatchEventType
{
    /// <summary>A key was created or updated.</summary>
    Put,

    /// <summary>A key was deleted (by a client, or by TTL expiry).</summary>
    Delete,

    /// <summary>The requested start revision is compacted; the stream ends after this event.</summary>
    Compacted,

    /// <summary>No event in the range up to <see cref="WatchEvent.Revision"/> is pending (idle progress).</summary>
    Progress,
}

/// <summary>One change seen by a watch.</summary>
/// <param name="Type">The change.</param>
/// <param name="Kv">Put: the new value. Delete: the key with empty value and the deletion's ModRevision.
/// Null for Compacted and Progress.</param>
/// <param name="PrevKv">The value before the change, when there was one.</param>
/// <param name="Revision">The revision of the change; for Compacted, the compacted revision; for Progress, the store revision.</param>
public sealed record WatchEvent(WatchEventType Type, KeyValue? Kv, KeyValue? PrevKv, long Revision);
