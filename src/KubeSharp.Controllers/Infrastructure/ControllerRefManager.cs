using KubeSharp.Api;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Infrastructure;

/// <summary>
/// Upstream's BaseControllerRefManager.ClaimObject over any child kind (pods, ControllerRevisions): keep children the
/// owner controls that still match its selector, release controlled ones that stopped matching (unless the owner is
/// being deleted), adopt matching orphans in its namespace (unless the owner or the child is being deleted, and only
/// after <c>canAdopt</c>, a live re-read of the owner, said yes once). Owner-reference changes are merge patches
/// carrying the child's resourceVersion and uid (<see cref="MetadataPatches"/>).
/// </summary>
public sealed class ControllerRefManager<TChild>
    where TChild : class, IKubeMetaObject, IJsonModel<TChild>
{
    private readonly KubernetesClient _client;
    private readonly ObjectMeta _owner;
    private readonly string _ownerApiVersion;
    private readonly string _ownerKind;
    private readonly Selector _selector;
    private readonly Func<CancellationToken, Task<bool>> _canAdopt;
    private bool? _adoptable;

    /// <summary>Creates a manager for one owner and one claim pass.</summary>
    public ControllerRefManager(KubernetesClient client, ObjectMeta owner, string ownerApiVersion, string ownerKind, Selector selector, Func<CancellationToken, Task<bool>> canAdopt)
    {
        _client = client;
        _owner = owner;
        _ownerApiVersion = ownerApiVersion;
        _ownerKind = ownerKind;
        _selector = selector;
        _canAdopt = canAdopt;
    }

    /// <summary>The children the owner now controls (adopted ones as the patch returned them).</summary>
    /// <exception cref="KubeApiException">An adoption or release failed (the others were still tried).</exception>
    public async Task<List<TChild>> ClaimAsync(IEnumerable<TChild> children, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(children);
        var claimed = new List<TChild>();
        KubeApiException? error = null;
        foreach (var child in children)
        {
            try
            {
                if (await ClaimOneAsync(child, cancellationToken) is { } kept)
                {
                    claimed.Add(kept);
                }
            }
            catch (KubeApiException e)
            {
                error ??= e;
            }
        }
        if (error is not null)
        {
            throw error;
        }
        return claimed;
    }

    private async Task<TChild?> ClaimOneAsync(TChild child, CancellationToken cancellationToken)
    {
        var meta = child.Metadata;
        var matches = _selector.Matches(meta.Labels);
        if (OwnerReferences.GetControllerOf(meta) is { } reference)
        {
            if (reference.Uid != _owner.Uid)
            {
                return null;
            }
            if (matches)
            {
                return child;
            }
            if (_owner.DeletionTimestamp is not null)
            {
                return null;
            }
            await ReleaseAsync(child, cancellationToken);
            return null;
        }
        if (_owner.DeletionTimestamp is not null || !matches || meta.DeletionTimestamp is not null
            || (_owner.Namespace.Length > 0 && _owner.Namespace != meta.Namespace))
        {
            return null;
        }
        _adoptable ??= await _canAdopt(cancellationToken);
        if (_adoptable != true)
        {
            return null;
        }
        var references = new List<OwnerReference>(meta.OwnerReferences ?? []) { OwnerReferences.NewControllerRef(_owner, _ownerApiVersion, _ownerKind) };
        try
        {
            return await _client.Resource<TChild>(meta.Namespace).PatchAsync(meta.Name, PatchType.Merge,
                MetadataPatches.OwnerReferences(references, meta.ResourceVersion, meta.Uid), cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private async Task ReleaseAsync(TChild child, CancellationToken cancellationToken)
    {
        var meta = child.Metadata;
        var remaining = (meta.OwnerReferences ?? []).Where(r => r.Uid != _owner.Uid).ToList();
        try
        {
            await _client.Resource<TChild>(meta.Namespace).PatchAsync(meta.Name, PatchType.Merge,
                MetadataPatches.OwnerReferences(remaining, meta.ResourceVersion, meta.Uid), cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsInvalid)
        {
            // Gone, or already changed so that the release does not apply (upstream ignores both).
        }
    }
}
