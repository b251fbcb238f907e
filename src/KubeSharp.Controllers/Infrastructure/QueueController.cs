using KubeSharp.Client.Machinery.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers.Infrastructure;

/// <summary>
/// The informer -> work queue -> reconcile shape: handlers enqueue keys (<c>namespace/name</c>), workers take them from
/// a rate-limited queue (per-key exponential backoff plus an overall bucket, a key never processed twice at once) and
/// reconcile; an exception requeues the key with backoff.
/// </summary>
public abstract class QueueController : IController
{
    private ControllerContext? _context;

    /// <summary>Creates the controller with <paramref name="workers"/> workers.</summary>
    protected QueueController(int workers)
    {
        Workers = workers;
    }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <summary>Worker count.</summary>
    public int Workers { get; }

    /// <summary>The queue of keys.</summary>
    protected RateLimitingQueue<string> Queue { get; private set; } = null!;

    /// <summary>The context (after <see cref="Initialize"/>).</summary>
    protected ControllerContext Context => _context ?? throw new InvalidOperationException("not initialized");

    /// <summary>The logger.</summary>
    protected ILogger Logger { get; private set; } = NullLogger.Instance;

    /// <inheritdoc/>
    public Task InitializeAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        Logger = context.LoggerFactory.CreateLogger(GetType());
        Queue = new RateLimitingQueue<string>(RateLimiters.DefaultController<string>(context.Clock), context.Clock);
        Register(context);
        return Task.CompletedTask;
    }

    /// <summary>Registers informers and handlers.</summary>
    protected abstract void Register(ControllerContext context);

    /// <summary>Reconciles one key.</summary>
    protected abstract Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken);

    /// <summary>Adds a key.</summary>
    protected void Enqueue(string key) => Queue.Add(key);

    /// <summary>Enqueues an object's own key (namespace/name) whenever the informer adds, updates or deletes it.</summary>
    protected void EnqueueOnChange<T>(KubeSharp.Client.Cache.SharedIndexInformer<T> informer)
        where T : class, KubeSharp.Api.IKubeMetaObject
    {
        ArgumentNullException.ThrowIfNull(informer);
        informer.AddEventHandler(
            onAdd: (o, _) => Enqueue(KubeSharp.Client.CacheKeys.Of(o.Metadata.Namespace, o.Metadata.Name)),
            onUpdate: (_, o) => Enqueue(KubeSharp.Client.CacheKeys.Of(o.Metadata.Namespace, o.Metadata.Name)),
            onDelete: (o, _) => Enqueue(KubeSharp.Client.CacheKeys.Of(o.Metadata.Namespace, o.Metadata.Name)));
    }

    /// <inheritdoc/>
    public virtual async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await QueueWorkers.RunAsync(Queue, Workers, ReconcileAsync, Logger, cancellationToken);
        }
        finally
        {
            Queue.ShutDown();
        }
    }
}
