namespace KubeSharp.Client;

/// <summary>One page of a list: the items plus the list's resourceVersion and continue token. Generic over the
/// object type so code works the same for every kind (and for JsonObject from the dynamic client).</summary>
public sealed class ResourceList<T>
    where T : class
{
    /// <summary>Creates a page.</summary>
    public ResourceList(IReadOnlyList<T> items, string resourceVersion, string @continue, long? remainingItemCount = null)
    {
        Items = items;
        ResourceVersion = resourceVersion;
        Continue = @continue;
        RemainingItemCount = remainingItemCount;
    }

    /// <summary>The objects, in the server's order.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>metadata.resourceVersion of the list: where a watch continues from.</summary>
    public string ResourceVersion { get; }

    /// <summary>metadata.continue: non-empty when more pages follow.</summary>
    public string Continue { get; }

    /// <summary>metadata.remainingItemCount, when the server sent it.</summary>
    public long? RemainingItemCount { get; }
}

/// <summary>The kind of a watch event. ERROR events are not events: they are thrown as <see cref="KubeApiException"/>.</summary>
public enum WatchEventType
{
    /// <summary>ADDED.</summary>
    Added,

    /// <summary>MODIFIED.</summary>
    Modified,

    /// <summary>DELETED: the object is the last state, with the deletion's resourceVersion.</summary>
    Deleted,

    /// <summary>BOOKMARK: the object carries only metadata.resourceVersion (and annotations such as k8s.io/initial-events-end).</summary>
    Bookmark,
}

/// <summary>One watch event.</summary>
public sealed record WatchEvent<T>(WatchEventType Type, T Object)
    where T : class;
