namespace KubeSharp.Storage;

/// <summary>A key's value as of some revision.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value (empty for keys-only reads and for delete events).</param>
/// <param name="CreateRevision">Revision of the write that created the key (since its last deletion).</param>
/// <param name="ModRevision">Revision of the last write to the key: the object's resourceVersion.</param>
/// <param name="Version">Number of writes since creation (1 after create).</param>
public sealed record KeyValue(string Key, ReadOnlyMemory<byte> Value, long CreateRevision, long ModRevision, long Version);
