using System.Threading.Tasks.Sources;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// One request queued for the writer thread, and the awaitable its caller gets (<see cref="AsValueTask"/>): it
/// completes after the transaction that applied it has committed (durably), or with an exception when that transaction
/// failed. One object per write: no TaskCompletionSource, Task or async state machine besides it.
/// </summary>
/// <remarks>A caller may cancel while the request is queued: the writer then skips it, so a cancelled write
/// is never applied. Once the writer has claimed it, cancellation is ignored and the result is delivered.
/// Continuations never run on the writer thread (<see cref="ManualResetValueTaskSourceCore{TResult}.RunContinuationsAsynchronously"/>).
/// The value task may be awaited once, as any <see cref="ValueTask{TResult}"/>.</remarks>
internal sealed class WriteRequest : IValueTaskSource<WriteResult>
{
    private const int Pending = 0;
    private const int Claimed = 1;
    private const int Cancelled = 2;

    private ManualResetValueTaskSourceCore<WriteResult> _completion = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _registration;
    private int _state;
    private int _completed;

    private WriteRequest(WriteKind kind, string key, byte[] keyBytes, ReadOnlyMemory<byte> value, long revision, long? expiresAtMs)
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

    /// <summary>The value: a whole array, or a <see cref="GappedValue"/>'s memory.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Update, Delete: the expected mod revision (0 = any). SetCompacted: the revision.
    /// Vacuum: the most pages to free.</summary>
    public long Revision { get; }

    /// <summary>Create, Update: when the key expires (Unix milliseconds), or null.</summary>
    public long? ExpiresAtMs { get; }

    /// <summary>Set by the writer while applying; delivered by <see cref="Complete"/>.</summary>
    public WriteResult Result { get; set; }

    /// <summary>The caller's awaitable (await it once).</summary>
    public ValueTask<WriteResult> AsValueTask() => new(this, _completion.Version);

    public static WriteRequest ForKey(WriteKind kind, string key, byte[] keyBytes, ReadOnlyMemory<byte> value, long revision, long? expiresAtMs)
        => new(kind, key, keyBytes, value, revision, expiresAtMs);

    public static WriteRequest Maintenance(WriteKind kind, long revision)
        => new(kind, string.Empty, [], ReadOnlyMemory<byte>.Empty, revision, null);

    /// <summary>Makes the request cancellable by <paramref name="cancellationToken"/> while it is queued. Call before
    /// queueing it (a token already cancelled cancels it at once).</summary>
    public void CancelOn(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.Register(static (state, token) => ((WriteRequest)state!).TryCancel(token), this);
        }
    }

    /// <summary>Called by the writer: true when the request is to be applied, false when it was cancelled.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Pending) == Pending;

    /// <summary>Called on cancellation: true when the request had not been claimed and now never will be.</summary>
    public bool TryCancel(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Pending) != Pending)
        {
            return false;
        }
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _completion.SetException(new TaskCanceledException(null, null, cancellationToken));
        }
        return true;
    }

    public void Complete()
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _registration.Dispose();
            _completion.SetResult(Result);
        }
    }

    public void Fail(Exception exception)
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _registration.Dispose();
            _completion.SetException(exception);
        }
    }

    WriteResult IValueTaskSource<WriteResult>.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<WriteResult>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<WriteResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _completion.OnCompleted(continuation, state, token, flags);
}
