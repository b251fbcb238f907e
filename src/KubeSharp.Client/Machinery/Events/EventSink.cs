using KubeSharp.Api.Core.V1;

namespace KubeSharp.Client.Machinery.Events;

/// <summary>
/// Where recorded events are written (client-go's record.EventSink). Errors are exceptions: a
/// <see cref="KubeApiException"/> is the server rejecting the event (not retried), anything else a transport failure
/// (retried).
/// </summary>
public interface IEventSink
{
    /// <summary>Creates the event in its namespace; returns the server's copy.</summary>
    Task<Event> CreateAsync(Event e, CancellationToken cancellationToken);

    /// <summary>Applies a strategic merge <paramref name="patch"/> to the existing event named like
    /// <paramref name="e"/> in its namespace; returns the server's copy.</summary>
    Task<Event> PatchAsync(Event e, byte[] patch, CancellationToken cancellationToken);
}

/// <summary>The sink of a <see cref="KubernetesClient"/>: core/v1 events (client-go's EventSinkImpl).</summary>
public sealed class KubeEventSink(KubernetesClient client) : IEventSink
{
    private readonly KubernetesClient _client = client ?? throw new ArgumentNullException(nameof(client));

    public Task<Event> CreateAsync(Event e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        return _client.Resource<Event>(e.Metadata.Namespace).CreateAsync(e, cancellationToken: cancellationToken);
    }

    public Task<Event> PatchAsync(Event e, byte[] patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        return _client.Resource<Event>(e.Metadata.Namespace)
            .PatchAsync(e.Metadata.Name, PatchType.StrategicMerge, patch, cancellationToken: cancellationToken);
    }
}
