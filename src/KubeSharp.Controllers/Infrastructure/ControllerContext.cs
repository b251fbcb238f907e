using KubeSharp.Api.Core.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers.Infrastructure;

/// <summary>What every controller gets from the manager: the client, the one shared informer factory, the clock, a
/// logger and event recorders.</summary>
public sealed class ControllerContext : IAsyncDisposable
{
    private readonly Lock _eventsLock = new();
    private EventBroadcaster? _events;
    private IDisposable? _eventSink;

    /// <summary>Creates a context.</summary>
    public ControllerContext(KubernetesClient client, SharedInformerFactory informers, TimeProvider? clock = null, ILoggerFactory? loggerFactory = null)
    {
        Client = client;
        Informers = informers;
        Clock = clock ?? TimeProvider.System;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>The API client.</summary>
    public KubernetesClient Client { get; }

    /// <summary>The informer factory shared by all controllers (one watch per resource).</summary>
    public SharedInformerFactory Informers { get; }

    /// <summary>The clock (tests inject one).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Loggers for the controllers.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>
    /// An event recorder for <paramref name="component"/>, upstream's per-controller event source
    /// (<c>replicaset-controller</c>, <c>deployment-controller</c>, ...; no host, as upstream's controllers, so
    /// <c>kubectl describe</c> shows "From replicaset-controller"). Events go to the API server through one broadcaster
    /// (aggregation, de-duplication, spam filter) shared by the manager's controllers, stopped with the context.
    /// </summary>
    public IEventRecorder EventRecorder(string component)
    {
        lock (_eventsLock)
        {
            if (_events is null)
            {
                _events = new EventBroadcaster(new EventBroadcasterOptions { Clock = Clock, Logger = LoggerFactory.CreateLogger<EventBroadcaster>() });
                _eventSink = _events.StartRecordingToSink(new KubeEventSink(Client));
            }
            return _events.NewRecorder(new EventSource { Component = component });
        }
    }

    /// <summary>Stops the event broadcaster (events still queued are dropped, as upstream's Shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        EventBroadcaster? events;
        lock (_eventsLock)
        {
            events = _events;
            _events = null;
            _eventSink?.Dispose();
            _eventSink = null;
        }
        if (events is not null)
        {
            await events.DisposeAsync();
        }
    }
}

/// <summary>A controller: registers its informers and handlers, then runs its workers.</summary>
public interface IController
{
    /// <summary>The name used on the command line (<c>--controllers</c>), e.g. <c>replicaset</c>.</summary>
    string Name { get; }

    /// <summary>Registers informers and event handlers; called before the factory starts.</summary>
    Task InitializeAsync(ControllerContext context, CancellationToken cancellationToken);

    /// <summary>Runs the workers until cancelled; called once the caches have synced.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
