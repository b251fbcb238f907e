using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Client.Cache;

/// <summary>What an informer watches: a namespace ("" all) and label/field selectors.</summary>
public sealed record InformerScope
{
    /// <summary>All objects in all namespaces.</summary>
    public static InformerScope All { get; } = new();

    /// <summary>The namespace ("" for all namespaces; ignored for cluster-scoped resources).</summary>
    public string Namespace { get; init; } = "";

    /// <summary>A label selector, or null.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>A field selector, or null.</summary>
    public string? FieldSelector { get; init; }
}

/// <summary>Options of a <see cref="SharedInformerFactory"/>.</summary>
public sealed class SharedInformerFactoryOptions
{
    /// <summary>The default resync period of the informers (zero: none).</summary>
    public TimeSpan DefaultResync { get; init; }

    /// <summary>The default scope of informers asked for without one (client-go's WithNamespace/WithTweakListOptions).</summary>
    public InformerScope DefaultScope { get; init; } = InformerScope.All;

    /// <summary>Page size of the informers' lists (0: unpaged).</summary>
    public long PageSize { get; init; }

    /// <summary>Turns on the cache mutation detector in every informer (tests). Default: the environment variable.</summary>
    public bool DetectMutations { get; init; } = CacheMutationDetector.EnabledByEnvironment;

    /// <summary>
    /// Drops metadata.managedFields from every object the informers decode (never allocating it), as upstream's
    /// kube-scheduler and kube-controller-manager trim it with <c>informers.WithTransform</c>: cached objects then have
    /// null managedFields, and updates built from them keep the server's.
    /// </summary>
    public bool SkipManagedFields { get; init; }

    /// <summary>Called with list/watch failures of any informer.</summary>
    public Action<Exception>? OnError { get; init; }

    /// <summary>Called when a handler throws.</summary>
    public Action<Exception>? OnHandlerError { get; init; }

    /// <summary>The shortest server-side watch timeout (see <see cref="ReflectorOptions.MinWatchTimeout"/>).</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The backoff cap of the reflectors.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Hands out one shared informer per type (or resource) and scope, and runs them (client-go's
/// SharedInformerFactory). Ask for every informer you need, add handlers, then <see cref="Start"/>; informers asked
/// for later are started by the next <see cref="Start"/>. <see cref="DisposeAsync"/> stops them all and waits.
/// </summary>
public sealed class SharedInformerFactory : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly KubernetesClient _client;
    private readonly SharedInformerFactoryOptions _options;
    private readonly Dictionary<(string Resource, InformerScope Scope), Entry> _informers = [];
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Creates a factory over a client.</summary>
    public SharedInformerFactory(KubernetesClient client, SharedInformerFactoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new SharedInformerFactoryOptions();
    }

    /// <summary>The client the informers use.</summary>
    public KubernetesClient Client => _client;

    /// <summary>The shared informer of a kind in the default scope.</summary>
    public SharedIndexInformer<T> Informer<T>()
        where T : class, IKubeMetaObject, IJsonModel<T>
        => Informer<T>(_options.DefaultScope);

    /// <summary>The shared informer of a kind in a scope (one per kind and scope).</summary>
    public SharedIndexInformer<T> Informer<T>(InformerScope scope)
        where T : class, IKubeMetaObject, IJsonModel<T>
    {
        ArgumentNullException.ThrowIfNull(scope);
        var resource = _client.ResourceFor<T>();
        return (SharedIndexInformer<T>)GetOrAdd(Key(resource, scope, typeof(T).FullName!), () =>
            Create(new ResourceClient<T>(_client.Rest, resource, scope.Namespace, _options.SkipManagedFields), scope));
    }

    /// <summary>The lister of a kind's shared informer in the default scope.</summary>
    public Lister<T> Lister<T>()
        where T : class, IKubeMetaObject, IJsonModel<T>
        => Informer<T>().Lister;

    /// <summary>A shared informer of any resource with JsonObject items (CRDs, the garbage collector).</summary>
    public SharedIndexInformer<JsonObject> DynamicInformer(ApiResource resource, InformerScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        scope ??= _options.DefaultScope;
        return (SharedIndexInformer<JsonObject>)GetOrAdd(Key(resource, scope, "dynamic"), () =>
            Create(new DynamicResourceClient(_client.Rest, resource, scope.Namespace, _options.SkipManagedFields), scope));
    }

    /// <summary>A shared informer of a built-in resource with JsonObject items.</summary>
    public SharedIndexInformer<JsonObject> DynamicInformer(GroupVersionResource resource, InformerScope? scope = null)
        => DynamicInformer(_client.Registry.TryGetByResource(resource, out var found) ? found : throw new ArgumentException($"unknown resource {resource}", nameof(resource)), scope);

    /// <summary>Starts every informer not started yet. They run until the factory is disposed or <paramref name="cancellationToken"/> is cancelled.</summary>
    public void Start(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            foreach (var entry in _informers.Values)
            {
                if (entry.Run is null)
                {
                    var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, cancellationToken);
                    entry.Run = Task.Run(async () =>
                    {
                        using (linked)
                        {
                            await entry.RunAsync(linked.Token);
                        }
                    }, CancellationToken.None);
                }
            }
        }
    }

    /// <summary>Waits until every started informer has synced; false when cancelled first.</summary>
    public async Task<bool> WaitForCacheSyncAsync(CancellationToken cancellationToken = default)
    {
        Entry[] entries;
        lock (_lock)
        {
            entries = [.. _informers.Values.Where(e => e.Run is not null)];
        }
        foreach (var entry in entries)
        {
            if (!await entry.WaitForCacheSyncAsync(cancellationToken))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Stops every informer and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] runs;
        lock (_lock)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }
            _stop.Cancel();
            runs = [.. _informers.Values.Select(e => e.Run).OfType<Task>()];
        }
        try
        {
            await Task.WhenAll(runs);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private static (string, InformerScope) Key(ApiResource resource, InformerScope scope, string flavour)
        => (flavour + "|" + resource.GroupVersionResource, resource.Namespaced ? scope : scope with { Namespace = "" });

    private object GetOrAdd((string, InformerScope) key, Func<Entry> create)
    {
        lock (_lock)
        {
            if (!_informers.TryGetValue(key, out var entry))
            {
                _informers[key] = entry = create();
            }
            return entry.Informer;
        }
    }

    private Entry Create<T>(IListerWatcher<T> client, InformerScope scope)
        where T : class
    {
        var adapter = ((ResourceClientBase<T>)client).Adapter;
        IListerWatcher<T> listerWatcher = string.IsNullOrEmpty(scope.LabelSelector) && string.IsNullOrEmpty(scope.FieldSelector)
            ? client
            : new ListWatch<T>(client, scope.LabelSelector, scope.FieldSelector);
        var informer = new SharedIndexInformer<T>(listerWatcher, adapter, new SharedInformerOptions
        {
            ResyncPeriod = _options.DefaultResync,
            DetectMutations = _options.DetectMutations,
            OnHandlerError = _options.OnHandlerError,
            Reflector = new ReflectorOptions
            {
                Name = ((ResourceClientBase<T>)client).Resource.ToString(),
                PageSize = _options.PageSize,
                OnError = _options.OnError,
                MinWatchTimeout = _options.MinWatchTimeout,
                MaxBackoff = _options.MaxBackoff,
            },
        });
        return new Entry(informer, informer.RunAsync, informer.WaitForCacheSyncAsync);
    }

    private sealed class Entry(object informer, Func<CancellationToken, Task> run, Func<CancellationToken, Task<bool>> waitForSync)
    {
        public object Informer { get; } = informer;

        public Task? Run { get; set; }

        public Task RunAsync(CancellationToken cancellationToken) => run(cancellationToken);

        public Task<bool> WaitForCacheSyncAsync(CancellationToken cancellationToken) => waitForSync(cancellationToken);
    }
}
