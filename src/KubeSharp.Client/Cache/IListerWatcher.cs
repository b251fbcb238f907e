namespace KubeSharp.Client.Cache;

/// <summary>Lists and watches one collection (client-go's ListerWatcher). <see cref="ResourceClientBase{T}"/> is one;
/// <see cref="ListWatch{T}"/> adds fixed selectors.</summary>
public interface IListerWatcher<T>
    where T : class
{
    /// <summary>Lists one page.</summary>
    Task<ResourceList<T>> ListAsync(ListParams parameters, CancellationToken cancellationToken);

    /// <summary>Opens a watch; the sequence ends when the server ends the watch. ERROR events throw <see cref="KubeApiException"/>.</summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(ListParams parameters, CancellationToken cancellationToken);
}

/// <summary>A lister-watcher with fixed label and field selectors over another (typically a resource client).</summary>
public sealed class ListWatch<T>(IListerWatcher<T> inner, string? labelSelector = null, string? fieldSelector = null) : IListerWatcher<T>
    where T : class
{
    /// <summary>The label selector added to every call.</summary>
    public string? LabelSelector { get; } = labelSelector;

    /// <summary>The field selector added to every call.</summary>
    public string? FieldSelector { get; } = fieldSelector;

    /// <inheritdoc/>
    public Task<ResourceList<T>> ListAsync(ListParams parameters, CancellationToken cancellationToken)
        => inner.ListAsync(With(parameters), cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<WatchEvent<T>> WatchAsync(ListParams parameters, CancellationToken cancellationToken)
        => inner.WatchAsync(With(parameters), cancellationToken);

    private ListParams With(ListParams parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters with
        {
            LabelSelector = string.IsNullOrEmpty(LabelSelector) ? parameters.LabelSelector : LabelSelector,
            FieldSelector = string.IsNullOrEmpty(FieldSelector) ? parameters.FieldSelector : FieldSelector,
        };
    }
}
