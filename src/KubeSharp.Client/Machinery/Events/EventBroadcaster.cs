using System.Globalization;
using System.Threading.Channels;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Client.Machinery.Events;

/// <summary>The event types of core/v1 Events.</summary>
public static class EventTypes
{
    public const string Normal = "Normal";

    public const string Warning = "Warning";
}

/// <summary>
/// Records events about objects (client-go's record.EventRecorder). Never blocks and never throws for a bad event:
/// events go to the broadcaster's queues and are written in the background; a full queue drops the event with a log
/// line.
/// </summary>
public interface IEventRecorder
{
    /// <summary>Records an event about <paramref name="obj"/>; <paramref name="type"/> is Normal or Warning,
    /// <paramref name="reason"/> a short UpperCamelCase word, <paramref name="message"/> for humans.</summary>
    void Event(IKubeMetaObject obj, string type, string reason, string message);

    /// <summary>As <see cref="Event(IKubeMetaObject, string, string, string)"/> about a referenced object.</summary>
    void Event(ObjectReference reference, string type, string reason, string message);

    /// <summary>As <see cref="Event(IKubeMetaObject, string, string, string)"/> with a composite format message
    /// (invariant culture).</summary>
    void Eventf(IKubeMetaObject obj, string type, string reason, string format, params object?[] args);

    /// <summary>As <see cref="Eventf"/>, with annotations on the Event object.</summary>
    void AnnotatedEventf(IKubeMetaObject obj, IReadOnlyDictionary<string, string>? annotations, string type, string reason, string format, params object?[] args);
}

/// <summary>Settings of an <see cref="EventBroadcaster"/>.</summary>
public sealed record EventBroadcasterOptions
{
    /// <summary>The clock of event timestamps, names, aggregation, spam buckets and retry sleeps.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The correlator of each sink (its clock: <see cref="Clock"/> when left at the system clock).</summary>
    public CorrelatorOptions Correlator { get; init; } = new();

    /// <summary>The wait between tries of a failing write (the first wait is a random part of it): 10 s.</summary>
    public TimeSpan SleepDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Tries per event before it is dropped: 12.</summary>
    public int MaxTriesPerEvent { get; init; } = 12;

    /// <summary>Events queued per watcher (sink, logger) before new ones are dropped: 1000.</summary>
    public int QueueLength { get; init; } = 1000;

    public ILogger Logger { get; init; } = NullLogger.Instance;
}

/// <summary>
/// client-go's record.EventBroadcaster: recorders made by <see cref="NewRecorder"/> hand events to it; every watcher
/// (<see cref="StartRecordingToSink"/>, <see cref="StartStructuredLogging"/>, <see cref="StartEventWatcher"/>) gets
/// them through its own bounded queue and a background task. Writing to a sink goes through an
/// <see cref="EventCorrelator"/> (aggregation, de-duplication by PATCH of count and lastTimestamp, spam filter) and
/// retries transport failures.
/// </summary>
public sealed partial class EventBroadcaster : IAsyncDisposable
{
    private readonly EventBroadcasterOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<Watcher> _watchers = [];
    private readonly CancellationTokenSource _cancel = new();
    private bool _shutDown;

    public EventBroadcaster(EventBroadcasterOptions? options = null)
    {
        _options = options ?? new EventBroadcasterOptions();
        _logger = _options.Logger;
    }

    /// <summary>A recorder of events from <paramref name="source"/> (component, host).</summary>
    public IEventRecorder NewRecorder(EventSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new Recorder(this, source.DeepCopy());
    }

    /// <summary>A recorder of events from <paramref name="component"/> on this host.</summary>
    public IEventRecorder NewRecorder(string component) => NewRecorder(new EventSource { Component = component, Host = Environment.MachineName.ToLowerInvariant() });

    /// <summary>Writes every event to <paramref name="sink"/> through a correlator of its own. Dispose the result to
    /// stop.</summary>
    public IDisposable StartRecordingToSink(IEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var correlatorOptions = _options.Correlator.Clock == TimeProvider.System ? _options.Correlator with { Clock = _options.Clock } : _options.Correlator;
        var correlator = new EventCorrelator(correlatorOptions);
        return StartEventWatcher((e, ct) => RecordToSinkAsync(sink, e, correlator, ct));
    }

    /// <summary>Logs every event ("Event occurred") at <paramref name="level"/>.</summary>
    public IDisposable StartStructuredLogging(ILogger logger, LogLevel level = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return StartEventWatcher((e, _) =>
        {
            var o = e.InvolvedObject;
            LogEventOccurred(logger, level, o.Namespace.Length > 0 ? o.Namespace + "/" + o.Name : o.Name, o.FieldPath, o.Kind, o.ApiVersion, e.Type, e.Reason, e.Message);
            return Task.CompletedTask;
        });
    }

    /// <summary>Calls <paramref name="handler"/> with every event, one at a time, in the background.</summary>
    public IDisposable StartEventWatcher(Func<Event, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var watcher = new Watcher(this, Channel.CreateBounded<Event>(new BoundedChannelOptions(_options.QueueLength) { SingleReader = true }),
            CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token));
        lock (_lock)
        {
            if (_shutDown)
            {
                throw new InvalidOperationException("the event broadcaster is shut down");
            }
            _watchers.Add(watcher);
        }
        watcher.Run = Task.Run(() => watcher.ConsumeAsync(handler), CancellationToken.None);
        return watcher;
    }

    /// <summary>
    /// Stops taking events and lets the watchers finish the queued ones; when <paramref name="cancellationToken"/> is
    /// cancelled first, the rest are dropped (client-go's Shutdown drops them at once). Returns when every watcher
    /// has stopped.
    /// </summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        Watcher[] watchers;
        lock (_lock)
        {
            _shutDown = true;
            watchers = [.. _watchers];
        }
        foreach (var watcher in watchers)
        {
            watcher.Channel.Writer.TryComplete();
        }
        using (cancellationToken.Register(static c => ((CancellationTokenSource)c!).Cancel(), _cancel))
        {
            await Task.WhenAll(watchers.Select(w => w.Run));
        }
    }

    /// <summary>Shuts down at once, dropping queued events.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        await ShutdownAsync(CancellationToken.None);
        _cancel.Dispose();
    }

    /// <summary>Queues <paramref name="e"/> for every watcher, dropping it where the queue is full.</summary>
    private void Distribute(Event e)
    {
        Watcher[] watchers;
        lock (_lock)
        {
            if (_shutDown)
            {
                LogDroppedShutDown(_logger, e.InvolvedObject.Name, e.Reason);
                return;
            }
            watchers = [.. _watchers];
        }
        foreach (var watcher in watchers)
        {
            if (!watcher.Channel.Writer.TryWrite(e))
            {
                LogDroppedFull(_logger, e.InvolvedObject.Kind, e.InvolvedObject.Namespace, e.InvolvedObject.Name, e.Reason, e.Message);
            }
        }
    }

    /// <summary>client-go's recordToSink: correlate, then write with up to MaxTriesPerEvent tries.</summary>
    private async Task RecordToSinkAsync(IEventSink sink, Event e, EventCorrelator correlator, CancellationToken cancellationToken)
    {
        var result = correlator.Correlate(e.DeepCopy());
        if (result.Skip || result.Event is null)
        {
            return;
        }
        var tries = 0;
        while (true)
        {
            if (await RecordEventAsync(sink, result.Event, result.Patch, result.Event.Count > 1, correlator, cancellationToken))
            {
                return;
            }
            tries++;
            if (tries >= _options.MaxTriesPerEvent)
            {
                LogRetryLimit(_logger, result.Event.Metadata.Namespace, result.Event.Metadata.Name, result.Event.Reason);
                return;
            }
            var delay = tries == 1 ? _options.SleepDuration * Random.Shared.NextDouble() : _options.SleepDuration;
            try
            {
                await Task.Delay(delay, _options.Clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                LogShutDownWhileRetrying(_logger, result.Event.Metadata.Namespace, result.Event.Metadata.Name, result.Event.Reason);
                return;
            }
        }
    }

    /// <summary>client-go's recordEvent: true when done with the event (written, or rejected by the server).</summary>
    private async Task<bool> RecordEventAsync(IEventSink sink, Event e, byte[]? patch, bool updateExisting, EventCorrelator correlator, CancellationToken cancellationToken)
    {
        Event? written = null;
        Exception? error = null;
        if (updateExisting && patch is not null)
        {
            try
            {
                written = await sink.PatchAsync(e, patch, cancellationToken);
            }
#pragma warning disable CA1031 // Classified below, as client-go does.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                error = ex;
            }
        }
        // The event to update may have been deleted (events expire): create it again.
        if (!updateExisting || patch is null || KubeErrors.AsApiException(error)?.Code == 404)
        {
            e.Metadata.ResourceVersion = "";
            error = null;
            try
            {
                written = await sink.CreateAsync(e, cancellationToken);
            }
#pragma warning disable CA1031 // Classified below, as client-go does.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                error = ex;
            }
        }
        if (error is null)
        {
            correlator.UpdateState(written!);
            return true;
        }
        if (KubeErrors.AsApiException(error) is { } api)
        {
            if (api.IsAlreadyExists || api.Causes.Any(c => c.Reason == "NamespaceTerminating"))
            {
                LogRejectedQuietly(_logger, e.Metadata.Namespace, e.Metadata.Name, api.Message);
            }
            else
            {
                LogRejected(_logger, error, e.Metadata.Namespace, e.Metadata.Name, e.Reason);
            }
            return true;
        }
        LogWriteFailed(_logger, e.Metadata.Namespace, e.Metadata.Name, e.Reason, error.Message);
        return false;
    }

    private sealed class Watcher(EventBroadcaster owner, Channel<Event> channel, CancellationTokenSource cancel) : IDisposable
    {
        public Channel<Event> Channel { get; } = channel;

        public Task Run { get; set; } = Task.CompletedTask;

        public async Task ConsumeAsync(Func<Event, CancellationToken, Task> handler)
        {
            var token = cancel.Token;
            try
            {
                while (await Channel.Reader.WaitToReadAsync(token))
                {
                    while (Channel.Reader.TryRead(out var e))
                    {
                        token.ThrowIfCancellationRequested();
                        try
                        {
                            await handler(e, token);
                        }
                        catch (OperationCanceledException) when (token.IsCancellationRequested)
                        {
                            throw;
                        }
#pragma warning disable CA1031 // One event's failure must not stop the watcher.
                        catch (Exception ex)
#pragma warning restore CA1031
                        {
                            LogHandlerFailed(owner._logger, ex);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            finally
            {
                lock (owner._lock)
                {
                    owner._watchers.Remove(this);
                }
                cancel.Dispose();
            }
        }

        public void Dispose()
        {
            Channel.Writer.TryComplete();
            try
            {
                cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>client-go's recorderImpl.</summary>
    private sealed class Recorder(EventBroadcaster owner, EventSource source) : IEventRecorder
    {
        public void Event(IKubeMetaObject obj, string type, string reason, string message) => Generate(obj, null, type, reason, message);

        public void Event(ObjectReference reference, string type, string reason, string message)
        {
            ArgumentNullException.ThrowIfNull(reference);
            Generate(reference.DeepCopy(), null, type, reason, message);
        }

        public void Eventf(IKubeMetaObject obj, string type, string reason, string format, params object?[] args)
            => Generate(obj, null, type, reason, string.Format(CultureInfo.InvariantCulture, format, args));

        public void AnnotatedEventf(IKubeMetaObject obj, IReadOnlyDictionary<string, string>? annotations, string type, string reason, string format, params object?[] args)
            => Generate(obj, annotations, type, reason, string.Format(CultureInfo.InvariantCulture, format, args));

        private void Generate(IKubeMetaObject obj, IReadOnlyDictionary<string, string>? annotations, string type, string reason, string message)
        {
            ObjectReference reference;
            try
            {
                reference = ObjectReferences.For(obj);
            }
            catch (ArgumentException e)
            {
                LogNoReference(owner._logger, e.Message);
                return;
            }
            Generate(reference, annotations, type, reason, message);
        }

        private void Generate(ObjectReference reference, IReadOnlyDictionary<string, string>? annotations, string type, string reason, string message)
        {
            if (type is not (EventTypes.Normal or EventTypes.Warning))
            {
                LogUnsupportedType(owner._logger, type);
                return;
            }
            var now = owner._options.Clock.GetUtcNow();
            var time = Time.FromDateTimeOffset(now);
            var e = new Event
            {
                Metadata = new()
                {
                    Name = EventCorrelator.GenerateEventName(reference.Name, now),
                    Namespace = reference.Namespace.Length > 0 ? reference.Namespace : "default",
                    Annotations = annotations is null ? null : new Dictionary<string, string>(annotations),
                },
                InvolvedObject = reference,
                Reason = reason,
                Message = message,
                FirstTimestamp = time,
                LastTimestamp = time,
                Count = 1,
                Type = type,
                Source = source.DeepCopy(),
                ReportingComponent = source.Component,
                ReportingInstance = source.Host,
            };
            owner.Distribute(e);
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Dropping event because the queue is full: {Kind} {Namespace}/{Name} {Reason}: {Message}")]
    private static partial void LogDroppedFull(ILogger logger, string kind, string @namespace, string name, string reason, string message);

    [LoggerMessage(2, LogLevel.Debug, "Dropping event {Name} {Reason}: the broadcaster is shut down")]
    private static partial void LogDroppedShutDown(ILogger logger, string name, string reason);

    [LoggerMessage(3, LogLevel.Error, "Unable to write event {Namespace}/{Name} ({Reason}) (retry limit exceeded!)")]
    private static partial void LogRetryLimit(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(4, LogLevel.Error, "Unable to write event {Namespace}/{Name} ({Reason}) (broadcaster is shut down)")]
    private static partial void LogShutDownWhileRetrying(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(5, LogLevel.Debug, "Server rejected event {Namespace}/{Name} (will not retry!): {Error}")]
    private static partial void LogRejectedQuietly(ILogger logger, string @namespace, string name, string error);

    [LoggerMessage(6, LogLevel.Error, "Server rejected event {Namespace}/{Name} ({Reason}) (will not retry!)")]
    private static partial void LogRejected(ILogger logger, Exception exception, string @namespace, string name, string reason);

    [LoggerMessage(7, LogLevel.Error, "Unable to write event {Namespace}/{Name} ({Reason}): {Error} (may retry after sleeping)")]
    private static partial void LogWriteFailed(ILogger logger, string @namespace, string name, string reason, string error);

    [LoggerMessage(8, LogLevel.Error, "An event watcher failed on an event")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(9, LogLevel.Error, "Could not construct a reference to the object, will not report the event: {Error}")]
    private static partial void LogNoReference(ILogger logger, string error);

    [LoggerMessage(10, LogLevel.Error, "Unsupported event type: '{Type}'")]
    private static partial void LogUnsupportedType(ILogger logger, string type);

    [LoggerMessage(EventId = 11, Message = "Event occurred: object={Object} fieldPath={FieldPath} kind={Kind} apiVersion={ApiVersion} type={Type} reason={Reason} message={Message}")]
    private static partial void LogEventOccurred(ILogger logger, LogLevel level, string @object, string fieldPath, string kind, string apiVersion, string type, string reason, string message);
}

/// <summary>client-go's tools/reference: the ObjectReference of an object.</summary>
public static class ObjectReferences
{
    /// <summary>The object's kind and apiVersion (from the object, else from its generated type), name, namespace,
    /// uid and resourceVersion.</summary>
    /// <exception cref="ArgumentException">The kind cannot be told.</exception>
    public static ObjectReference For(IKubeMetaObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var kind = obj.Kind;
        var apiVersion = obj.ApiVersion;
        if (kind.Length == 0 || apiVersion.Length == 0)
        {
            var types = ApiTypes.ForType(obj.GetType());
            if (types.Count == 0)
            {
                throw new ArgumentException($"{obj.GetType().Name} has no kind: set its kind and apiVersion", nameof(obj));
            }
            kind = types[0].Kind;
            apiVersion = types[0].ApiVersion;
        }
        return new ObjectReference
        {
            Kind = kind,
            ApiVersion = apiVersion,
            Name = obj.Metadata.Name,
            Namespace = obj.Metadata.Namespace,
            Uid = obj.Metadata.Uid,
            ResourceVersion = obj.Metadata.ResourceVersion,
        };
    }
}
