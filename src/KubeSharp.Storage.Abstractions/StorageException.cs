namespace KubeSharp.Storage;

/// <summary>Why a storage call failed.</summary>
public enum StorageErrorCode
{
    /// <summary>The requested revision has been compacted.</summary>
    Compacted,

    /// <summary>The requested revision is newer than the store's current revision.</summary>
    FutureRevision,

    /// <summary>The value exceeds <see cref="StorageLimits.MaxValueBytes"/>.</summary>
    ValueTooLarge,

    /// <summary>The key is empty or otherwise unusable.</summary>
    InvalidKey,

    /// <summary>The database file is not a KubeSharp store, or is damaged.</summary>
    Corrupt,

    /// <summary>The backend cannot be reached or failed.</summary>
    Unavailable,
}

/// <summary>A storage call failed for a reason callers may act on (see <see cref="Code"/>).</summary>
public sealed class StorageException : Exception
{
    public StorageException() { }

    public StorageException(string message) : base(message) { }

    public StorageException(string message, Exception inner) : base(message, inner) { }

    public StorageException(StorageErrorCode code, string message, Exception? inner = null) : base(message, inner) => Code = code;

    public StorageErrorCode Code { get; } = StorageErrorCode.Unavailable;

    /// <summary>For <see cref="StorageErrorCode.Compacted"/>: the revision history starts from.</summary>
    public long CompactRevision { get; init; }
}
