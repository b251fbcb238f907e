namespace KubeSharp.Client.Cache;

/// <summary>
/// Receives an informer's notifications (client-go's ResourceEventHandler). Calls to one handler are made one at a
/// time, in the order the changes were seen; a slow handler delays only itself. The objects are the cache's: do not
/// mutate them.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "client-go's name, familiar to operator authors")]
public interface IResourceEventHandler<in T>
    where T : class
{
    /// <summary>An object appeared; <paramref name="isInInitialList"/> is true for the objects of the initial list
    /// (and for the replay of the cache to a handler added later).</summary>
    void OnAdd(T obj, bool isInInitialList);

    /// <summary>An object changed, or a relist or resync re-delivered it (then <paramref name="oldObj"/> and
    /// <paramref name="newObj"/> may have the same resourceVersion).</summary>
    void OnUpdate(T oldObj, T newObj);

    /// <summary>An object was deleted. <paramref name="isFinalStateUnknown"/> is true when the deletion was inferred
    /// from a relist (the watch missed it, client-go's DeletedFinalStateUnknown tombstone): <paramref name="obj"/> is
    /// then the last state the cache had, not the final state.</summary>
    void OnDelete(T obj, bool isFinalStateUnknown);
}

/// <summary>An <see cref="IResourceEventHandler{T}"/> from delegates (any may be null).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "client-go's name, familiar to operator authors")]
public sealed class ResourceEventHandler<T>(Action<T, bool>? onAdd = null, Action<T, T>? onUpdate = null, Action<T, bool>? onDelete = null) : IResourceEventHandler<T>
    where T : class
{
    /// <inheritdoc/>
    public void OnAdd(T obj, bool isInInitialList) => onAdd?.Invoke(obj, isInInitialList);

    /// <inheritdoc/>
    public void OnUpdate(T oldObj, T newObj) => onUpdate?.Invoke(oldObj, newObj);

    /// <inheritdoc/>
    public void OnDelete(T obj, bool isFinalStateUnknown) => onDelete?.Invoke(obj, isFinalStateUnknown);
}

/// <summary>A handler added to an informer (remove it with <see cref="SharedIndexInformer{T}.RemoveEventHandler"/>).</summary>
public interface IEventHandlerRegistration
{
    /// <summary>True once the informer has synced and this handler has been given every object of the initial list.</summary>
    bool HasSynced { get; }
}
