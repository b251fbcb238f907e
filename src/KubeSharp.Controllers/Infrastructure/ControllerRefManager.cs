using KubeSharp.Api;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Infrastructure;

/// <summary>
/// Upstream's BaseControllerRefManager.ClaimObject for any kind: keeps the owner's objects that still match, releases
/// owned ones that stopped matching (unless the owner is being deleted), adopts matching orphans (only while neither
/// side is being deleted, and only once a live read of the owner said it may). Owner reference changes are JSON merge
/// patches carrying the resourceVersion and uid they were computed from (<see cref="MetadataPatches"/>).
/// </summary>
public sealed class ControllerRefManager
{
    private readonly KubernetesClient _client;
    private readonly ObjectMeta _owner;
    private readonly string _ownerApiVersion;
    private readonly string _ownerKind;
    private readonly Func<CancellationToken, Task<bool>> _canAdopt;
    private bool? _adoptable;

    /// <summary>Creates a manager for one owner; <paramref name="canAdopt"/> is asked at most once, before the first adoption.</summary>
    public ControllerRefManager(KubernetesClient client, ObjectMeta owner, string ownerApiVersion, string ownerKind, Func<CancellationToken, Task<bool>> canAdopt)
    {
        _client = client;
        _owner = owner;
        _ownerApiVersion = ownerApiVersion;
        _ownerKind = ownerKind;
        _canAdopt = canAdopt;
    }

    /// <summary>
    /// A canAdopt for <typeparamref name="TOwner"/> (upstream RecheckDeletionTimestamp): a live read of the owner still
    /// has its uid and no deletionTimestamp.
    /// </summary>
    public static Func<CancellationToken, Task<bool>> RecheckDeletionTimestamp<TOwner>(KubernetesClient client, ObjectMeta owner)
        where TOwner : class, IKubeMetaObject, IJsonModel<TOwner>
        => async cancellationToken =>
        {
            var fresh = await client.Resource<TOwner>(owner.Namespace).TryGetAsync(owner.Name, cancellationToken);
            return fresh is not null && fresh.Metadata.Uid == owner.Uid && fresh.Metadata.DeletionTimestamp is null;
        };

    /// <summary>
    /// The objects among <paramref name="candidates"/> this owner controls after claiming (ClaimObject over each; adopted
    /// ones as the patch returned them). A failed adoption or release does not stop the others; the first failure is
    /// thrown at the end.
    /// </summary>
    public async Task<List<T>> ClaimAsync<T>(IEnumerable<T> candidates, Func<T, bool> match, CancellationToken cancellationToken)
        where T : class, IKubeMetaObject, IJsonModel<T>
    {
        var claimed = new List<T>();
        KubeApiException? error = null;
        foreach (var obj in candidates)
        {
            try
            {
                if (await ClaimOneAsync(obj, match, cancellationToken) is { } kept)
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

    private async Task<T?> ClaimOneAsync<T>(T obj, Func<T, bool> match, CancellationToken cancellationToken)
        where T : class, IKubeMetaObject, IJsonModel<T>
    {
        var meta = obj.Metadata;
        var ownerDeleting = _owner.DeletionTimestamp is not null;
        if (OwnerReferences.GetControllerOf(meta) is { } reference)
        {
            if (reference.Uid != _owner.Uid)
            {
                return null;
            }
            if (match(obj))
            {
                return obj;
            }
            if (!ownerDeleting)
            {
                await ReleaseAsync(obj, cancellationToken);
            }
            return null;
        }
        if (ownerDeleting || !match(obj) || meta.DeletionTimestamp is not null || meta.Namespace != _owner.Namespace)
        {
            return null;
        }
        _adoptable ??= await _canAdopt(cancellationToken);
        return _adoptable == true ? await AdoptAsync(obj, cancellationToken) : null;
    }

    /// <summary>Adds the owner's controller reference; null when the object is gone.</summary>
    public async Task<T?> AdoptAsync<T>(T obj, CancellationToken cancellationToken)
        where T : class, IKubeMetaObject, IJsonModel<T>
    {
        var references = new List<OwnerReference>(obj.Metadata.OwnerReferences ?? [])
        {
            OwnerReferences.NewControllerRef(_owner, _ownerApiVersion, _ownerKind),
        };
        try
        {
            return await _client.Resource<T>(obj.Metadata.Namespace).PatchAsync(obj.Metadata.Name, PatchType.Merge,
                MetadataPatches.OwnerReferences(references, obj.Metadata.ResourceVersion, obj.Metadata.Uid), cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Removes the owner's reference (a gone object needs no release).</summary>
    public async Task ReleaseAsync<T>(T obj, CancellationToken cancellationToken)
        where T : class, IKubeMetaObject, IJsonModel<T>
    {
        var remaining = (obj.Metadata.OwnerReferences ?? []).Where(r => r.Uid != _owner.Uid).ToList();
        try
        {
            await _client.Resource<T>(obj.Metadata.Namespace).PatchAsync(obj.Metadata.Name, PatchType.Merge,
                MetadataPatches.OwnerReferences(remaining, obj.Metadata.ResourceVersion, obj.Metadata.Uid), cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsInvalid)
        {
            // Gone, or already changed so that the release does not apply (upstream ignores both).
        }
    }
}
