namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// One request queued for the writer thread. Its task completes after the transaction that applied it has
/// committed (durably), or with an exception when that transaction failed.
/// </summary>
/// <remarks>A caller may cancel while the request is queued: the writer then skips it, so a cancelled write
/// is never applied. Once the writer has claimed it, cancellation is ignored and the result is delivered.</remarks>
internal sealed class WriteRequest
{
    private const int Pending = 0;
    private const int Claimed = 1;
    private const int Cancelled = 2;

    private readonly TaskCompletionSource<WriteResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    private WriteRequest(WriteKind kind, string key, byte[] keyBytes, byte[] value, long revision, long? expiresAtMs)
    {
        Kind = kind;
        Key = key;
        KeyBytes = keyBytes;
        Value = value;
        Revision = revision;
        ExpiresAtMs = expiresAtMs;
    }

    public WriteKind Kind { get; }

    public string Key { get; }

    public byte[] KeyBytes { get; }

    public byte[] Value { get; }

    /// <summary>Update, Delete: the expected mod revision (0 = any). SetCompacted: the revision.
    /// Vacuum: the most pages to free.</summary>
    public long Revision { get; }

    /// <summary>Create, Update: when the key expires (Unix milliseconds), or null.</summary>
    public long? ExpiresAtMs { get; }

    /// <summary>Set by the writer while applying; delivered by <see cref="Complete"/>.</summary>
    public WriteResult Result { get; set; }

    public Task<WriteResult> Task => _completion.Task;

    public static WriteRequest ForKey(WriteKind kind, string key, byte[] keyBytes, byte[] value, long revision, long? expiresAtMs)
        => new(kind, key, keyBytes, value, revision, expiresAtMs);

    public static WriteRequest Maintenance(WriteKind kind, long revision)
        => new(kind, string.Empty, [], [], revision, null);

    /// <summary>Called by the writer: true when the request is to be applied, false when it was cancelled.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Pending) == Pending;

    /// <summary>Called on cancellation: true when the request had not been claimed and now never will be.</summary>
    public bool TryCancel(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Pending) != Pending)
        {
            return false;
        }
        _completion.TrySetCanceled(cancellationToken);
        return true;
    }

    public void Complete() => _completion.TrySetResult(Result);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
