using KubeSharp.Api;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// Per-resource side effects around writes, as upstream's genericregistry.Store BeginCreate/BeginUpdate/AfterDelete
/// (Services allocate ClusterIPs and NodePorts there). Begin hooks run after defaulting and before validation; they
/// may change the object and throw API errors. What they reserve is kept when the write succeeds (commit) and given
/// back when it fails (revert).
/// </summary>
public interface IResourceHooks
{
    ValueTask<IHookTransaction> BeginCreateAsync(IKubeMetaObject obj, bool dryRun, CancellationToken cancellationToken);

    /// <summary><paramref name="old"/> is the current object (not to be changed).</summary>
    ValueTask<IHookTransaction> BeginUpdateAsync(IKubeMetaObject obj, IKubeMetaObject old, bool dryRun, CancellationToken cancellationToken);

    /// <summary>Runs after an object has been deleted from the store (not for dry runs). Must not throw.</summary>
    ValueTask AfterDeleteAsync(IKubeMetaObject obj, CancellationToken cancellationToken);
}

/// <summary>The outcome of a begin hook: finished once, by commit (the write succeeded) or revert.</summary>
public interface IHookTransaction
{
    ValueTask CommitAsync(CancellationToken cancellationToken);

    ValueTask RevertAsync();
}

/// <summary>
/// Runs a resource's hooks for one request: at most one pending transaction; beginning again (a retried update)
/// reverts the previous one; disposing reverts what was not committed. A no-op for resources without hooks.
/// </summary>
public sealed class HookScope(ResourceStore store, bool dryRun) : IAsyncDisposable
{
    private IHookTransaction? _pending;

    public async ValueTask BeginCreateAsync(IKubeMetaObject obj, CancellationToken cancellationToken)
    {
        await RevertPendingAsync();
        if (store.Hooks is { } hooks)
        {
            _pending = await hooks.BeginCreateAsync(obj, dryRun, cancellationToken);
        }
    }

    public async ValueTask BeginUpdateAsync(IKubeMetaObject obj, IKubeMetaObject old, CancellationToken cancellationToken)
    {
        await RevertPendingAsync();
        if (store.Hooks is { } hooks)
        {
            _pending = await hooks.BeginUpdateAsync(obj, old, dryRun, cancellationToken);
        }
    }

    /// <summary>The write succeeded: keep what was reserved (and give back what the change freed).</summary>
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        var pending = _pending;
        _pending = null;
        if (pending is not null)
        {
            await pending.CommitAsync(cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => RevertPendingAsync();

    private async ValueTask RevertPendingAsync()
    {
        var pending = _pending;
        _pending = null;
        if (pending is not null)
        {
            await pending.RevertAsync();
        }
    }
}
