using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.LeaderElection;
using KubeSharp.Controllers.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers;

/// <summary>Options of <see cref="ControllerManager"/> (the <c>kubesharp controller-manager</c> flags).</summary>
public sealed record ControllerManagerOptions
{
    /// <summary>The controllers in start order (upstream's names); <see cref="ControllerManager.AllControllers"/> by default.</summary>
    public IReadOnlyList<string>? Controllers { get; init; }

    /// <summary>The pod network (node IPAM), 10.42.0.0/16 by default.</summary>
    public string ClusterCidr { get; init; } = "10.42.0.0/16";

    /// <summary>Node lifecycle timing (<c>--node-monitor-period</c>, <c>--node-monitor-grace-period</c>, <c>--node-startup-grace-period</c>).</summary>
    public NodeLifecycle.NodeLifecycleOptions NodeLifecycle { get; init; } = new();

    /// <summary>Resource quota controller settings (<c>--resource-quota-sync-period</c>, <c>--concurrent-resource-quota-syncs</c>).</summary>
    public ResourceQuota.ResourceQuotaOptions ResourceQuota { get; init; } = new();

    /// <summary>Pod garbage collector settings (<c>--terminated-pod-gc-threshold</c>, the orphan quarantine, the check period).</summary>
    public PodGc.PodGcOptions PodGc { get; init; } = new();

    /// <summary>Horizontal pod autoscaler settings (sync period, stabilization, tolerance, the metrics source).</summary>
    public Autoscaling.HorizontalPodAutoscalerOptions HorizontalPodAutoscaler { get; init; } = new();

    /// <summary>Whether to run only while holding the kube-system/kube-controller-manager Lease.</summary>
    public bool LeaderElect { get; init; } = true;

    /// <summary>This instance's identity in the Lease (host name + random suffix when empty).</summary>
    public string Identity { get; init; } = "";

    /// <summary>Lease timing (upstream defaults 15 s / 10 s / 2 s).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>See <see cref="LeaseDuration"/>.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>See <see cref="LeaseDuration"/>.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether stopping releases the Lease at once (a crash does not; tests use false to simulate one).</summary>
    public bool ReleaseOnCancel { get; init; } = true;
}

/// <summary>
/// kube-controller-manager: one shared informer factory, the selected controllers each in the informer -> queue ->
/// reconcile shape, started once the caches have synced, all while this instance holds the leader Lease.
/// </summary>
public sealed partial class ControllerManager
{
    /// <summary>The controllers this build has, in start order.</summary>
    public static readonly IReadOnlyList<string> AllControllers = ["serviceaccount", "garbagecollector", "deployment", "replicaset", "replicationcontroller", "statefulset", "job", "cronjob", "ttl-after-finished", "namespace", "nodeipam", "nodelifecycle", "taint-eviction-controller", "endpoint", "endpointslice", "endpointslicemirroring", "resourcequota", "disruption", "podgc", "daemonset", "horizontalpodautoscaling"];

    private readonly KubernetesClient _client;
    private readonly ControllerManagerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    /// <summary>Creates a manager over <paramref name="client"/>.</summary>
    public ControllerManager(KubernetesClient client, ControllerManagerOptions? options = null, TimeProvider? clock = null, ILoggerFactory? loggerFactory = null)
    {
        _client = client;
        _options = options ?? new ControllerManagerOptions();
        _clock = clock ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<ControllerManager>();
    }

    /// <summary>Creates the named controller, or null for a name this build does not have.</summary>
    public static IController? CreateController(string name, ControllerManagerOptions? options = null) => name switch
    {
        "namespace" => new Namespaces.NamespaceController(),
        "nodeipam" => new NodeIpam.NodeIpamController((options ?? new ControllerManagerOptions()).ClusterCidr),
        "serviceaccount" => new ServiceAccounts.ServiceAccountsController(),
        "replicaset" => new Replication.ReplicaSetController<Api.Apps.V1.ReplicaSet>(new Replication.ReplicaSetKindAdapter()),
        "replicationcontroller" => new Replication.ReplicaSetController<Api.Core.V1.ReplicationController>(new Replication.ReplicationControllerKindAdapter()),
        "garbagecollector" => new GarbageCollection.GarbageCollector(),
        "deployment" => new Deployment.DeploymentController(),
        "statefulset" => new StatefulSet.StatefulSetController(),
        "daemonset" => new DaemonSet.DaemonSetController(),
        "nodelifecycle" => new NodeLifecycle.NodeLifecycleController(options?.NodeLifecycle),
        "taint-eviction-controller" => new NodeLifecycle.TaintEvictionController(),
        "job" => new Jobs.JobController(),
        "cronjob" => new CronJobs.CronJobController(),
        "ttl-after-finished" => new Jobs.TtlAfterFinishedController(),
        "endpoint" => new Endpoints.EndpointsController(),
        "endpointslice" => new Endpoints.EndpointSliceController(),
        "endpointslicemirroring" => new Endpoints.EndpointSliceMirroringController(),
        "resourcequota" => new ResourceQuota.ResourceQuotaController(options?.ResourceQuota),
        "disruption" => new Disruption.DisruptionController(),
        "podgc" => new PodGc.PodGcController(options?.PodGc),
        "horizontalpodautoscaling" => new Autoscaling.HorizontalPodAutoscalerController(options?.HorizontalPodAutoscaler),
        _ => null,
    };

    /// <summary>Runs until cancelled (with leader election: while leading; losing the Lease stops the controllers).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var names = _options.Controllers ?? AllControllers;
        var unknown = names.Where(n => CreateController(n) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException("unknown controllers: " + string.Join(", ", unknown));
        }
        if (!_options.LeaderElect)
        {
            await RunControllersAsync(names, cancellationToken);
            return;
        }
        var identity = _options.Identity.Length > 0 ? _options.Identity : LeaderElector.NewIdentity();
        Identity = identity;
        // Upstream's process exits when it loses the Lease; in-process (kubesharp server) it competes again instead,
        // with a fresh elector and fresh informers for every term.
        while (!cancellationToken.IsCancellationRequested)
        {
            var elector = new LeaderElector(new LeaderElectionConfig
            {
                Lock = new LeaseLock(_client, LeaseNamespace, LeaseName, identity),
                LeaseDuration = _options.LeaseDuration,
                RenewDeadline = _options.RenewDeadline,
                RetryPeriod = _options.RetryPeriod,
                ReleaseOnCancel = _options.ReleaseOnCancel,
                Name = LeaseName,
                Clock = _clock,
                Logger = _loggerFactory.CreateLogger<LeaderElector>(),
                Callbacks = new LeaderCallbacks
                {
                    OnStartedLeading = ct => RunControllersAsync(names, ct),
                    OnStoppedLeading = () => LogStoppedLeading(identity),
                },
            });
            await elector.RunAsync(cancellationToken);
            if (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_options.RetryPeriod, _clock, cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>The Lease's namespace.</summary>
    public const string LeaseNamespace = "kube-system";

    /// <summary>The Lease's name (upstream's).</summary>
    public const string LeaseName = "kube-controller-manager";

    /// <summary>This instance's identity in the Lease (set once <see cref="RunAsync"/> runs with leader election).</summary>
    public string Identity { get; private set; } = "";

    /// <summary>Whether the controllers are running (this instance leads, or runs without election).</summary>
    public bool IsRunningControllers => Volatile.Read(ref _running) != 0;

    private int _running;

    /// <summary>Builds the factory and the controllers, starts the informers, waits for the caches, runs the controllers.</summary>
    private async Task RunControllersAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        await using var informers = new SharedInformerFactory(_client, new SharedInformerFactoryOptions
        {
            SkipManagedFields = true, // upstream: informers.WithTransform(trim) drops managedFields
            OnError = e => LogInformerError(e.Message),
        });
        await using var context = new ControllerContext(_client, informers, _clock, _loggerFactory);
        var controllers = names.Select(n => CreateController(n, _options)!).ToList();
        foreach (var controller in controllers)
        {
            await controller.InitializeAsync(context, cancellationToken);
        }
        informers.Start(cancellationToken);
        if (!await informers.WaitForCacheSyncAsync(cancellationToken))
        {
            return;
        }
        var started = string.Join(",", names);
        LogStarted(started);
        var runs = controllers.Select(c => Task.Run(() => c.RunAsync(cancellationToken), CancellationToken.None)).ToList();
        Interlocked.Increment(ref _running);
        try
        {
            await Task.WhenAll(runs);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "controllers started: {Names}")]
    private partial void LogStarted(string names);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} stopped leading")]
    private partial void LogStoppedLeading(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "informer error: {Message}")]
    private partial void LogInformerError(string message);
}
