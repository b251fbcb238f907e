using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Quota;
using GroupResource = KubeSharp.Api.Registry.GroupResource;
using KubeSharp.Client.Cache;
using KubeSharp.Controllers.Infrastructure;
using KubeSharp.Client.Machinery.Queues;
using Microsoft.Extensions.Logging;
using Quota = KubeSharp.Api.Core.V1.ResourceQuota;

namespace KubeSharp.Controllers.ResourceQuota;

/// <summary>The resource quota controller's settings (upstream's kube-controller-manager flags).</summary>
public sealed record ResourceQuotaOptions
{
    /// <summary><c>--resource-quota-sync-period</c>: every quota's usage is recalculated this often (5 min).</summary>
    public TimeSpan SyncPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>--concurrent-resource-quota-syncs</c> (5).</summary>
    public int Workers { get; init; } = 5;
}

/// <summary>
/// Upstream's resourcequota controller: a quota's status.hard is its spec.hard and status.used the full recalculation
/// of what the objects in its namespace use (the same <see cref="QuotaEvaluators"/> as the API server's ResourceQuota
/// admission, so both agree). A quota is recalculated when it is created or its spec.hard changes, every sync period,
/// and when objects it tracks are deleted or stop using quota (upstream's replenishment: a pod that finished, a Service
/// whose type changed, a PVC whose storage request changed). Pods, Services and PVCs come from typed informers; other
/// counted resources (<c>configmaps</c>, <c>count/deployments.apps</c>, ...) from dynamic informers started the first
/// time a quota names them.
/// </summary>
public sealed partial class ResourceQuotaController : QueueController
{
    private static readonly GroupResource Pods = new("", "pods");
    private static readonly GroupResource Services = new("", "services");
    private static readonly GroupResource Claims = new("", "persistentvolumeclaims");
    private static readonly GroupResource Quotas = new("", "resourcequotas");

    private readonly ResourceQuotaOptions _options;
    private readonly Lock _lock = new();
    private readonly Dictionary<GroupResource, SharedIndexInformer<JsonObject>?> _dynamic = [];
    private CancellationToken _running = new(canceled: true);
    private Lister<Quota> _quotas = null!;
    private Lister<Pod> _pods = null!;
    private Lister<Service> _services = null!;
    private Lister<PersistentVolumeClaim> _claims = null!;

    /// <summary>Creates the controller.</summary>
    public ResourceQuotaController(ResourceQuotaOptions? options = null)
        : base((options ?? new ResourceQuotaOptions()).Workers)
    {
        _options = options ?? new ResourceQuotaOptions();
    }

    /// <inheritdoc/>
    public override string Name => "resourcequota";

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        var quotas = context.Informers.Informer<Quota>();
        var pods = context.Informers.Informer<Pod>();
        var services = context.Informers.Informer<Service>();
        var claims = context.Informers.Informer<PersistentVolumeClaim>();
        _quotas = quotas.Lister;
        _pods = pods.Lister;
        _services = services.Lister;
        _claims = claims.Lister;
        quotas.AddEventHandler(
            onAdd: (q, _) => Enqueue(Key(q)),
            onUpdate: (old, q) =>
            {
                // upstream enqueues on spec.hard changes only (its own status writes come back as updates).
                if (!QuotaMath.Equal(old.Spec.Hard, q.Spec.Hard) || !QuotaMath.Equal(q.Spec.Hard, q.Status.Hard))
                {
                    Enqueue(Key(q));
                }
            },
            onDelete: (q, _) => Replenish(Quotas, q.Metadata.Namespace));
        pods.AddEventHandler(
            onUpdate: (old, pod) =>
            {
                var now = context.Clock.GetUtcNow();
                if (PodQuotaEvaluator.IsLive(old, now) && !PodQuotaEvaluator.IsLive(pod, now))
                {
                    Replenish(Pods, pod.Metadata.Namespace);
                }
            },
            onDelete: (pod, _) => Replenish(Pods, pod.Metadata.Namespace));
        services.AddEventHandler(
            onUpdate: (old, svc) =>
            {
                if (old.Spec.Type != svc.Spec.Type)
                {
                    Replenish(Services, svc.Metadata.Namespace);
                }
            },
            onDelete: (svc, _) => Replenish(Services, svc.Metadata.Namespace));
        claims.AddEventHandler(
            onUpdate: (old, pvc) =>
            {
                if (!QuotaMath.Equal(old.Spec.Resources.Requests, pvc.Spec.Resources.Requests))
                {
                    Replenish(Claims, pvc.Metadata.Namespace);
                }
            },
            onDelete: (pvc, _) => Replenish(Claims, pvc.Metadata.Namespace));
    }

    private static string Key(Quota quota) => quota.Metadata.Namespace + "/" + quota.Metadata.Name;

    /// <summary>upstream's replenishQuota: every quota of the namespace that limits something the resource's evaluator measures.</summary>
    private void Replenish(GroupResource resource, string ns)
    {
        var evaluator = QuotaEvaluators.For(resource);
        foreach (var quota in _quotas.Namespace(ns).List())
        {
            if (evaluator.MatchingResources((quota.Status.Hard ?? QuotaMath.Empty()).Keys).Count > 0)
            {
                Enqueue(Key(quota));
            }
        }
    }

    /// <inheritdoc/>
    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        _running = cancellationToken;
        var resync = Task.Run(() => ResyncLoopAsync(cancellationToken), CancellationToken.None);
        try
        {
            await base.RunAsync(cancellationToken);
        }
        finally
        {
            await resync;
        }
    }

    /// <summary>Every sync period, every quota (upstream's resync of the full recalculation).</summary>
    private async Task ResyncLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            foreach (var quota in _quotas.List())
            {
                Enqueue(Key(quota));
            }
            try
            {
                await Task.Delay(_options.SyncPeriod, Context.Clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var quota = _quotas.Namespace(key[..slash]).Get(key[(slash + 1)..]);
        if (quota is null)
        {
            return ReconcileResult.Done;
        }
        var hard = quota.Spec.Hard ?? QuotaMath.Empty();
        var listers = new Dictionary<GroupResource, Func<string, IEnumerable<IKubeMetaObject>>>();
        foreach (var evaluator in QuotaEvaluators.EvaluatorsFor(hard.Keys))
        {
            listers[evaluator.GroupResource] = await ListerForAsync(evaluator.GroupResource, cancellationToken);
        }
        var ns = quota.Metadata.Namespace;
        var status = QuotaEvaluators.CalculateStatus(quota, r => listers.TryGetValue(r, out var list) ? list(ns) : [], Context.Clock.GetUtcNow());
        if (QuotaMath.Equal(quota.Status.Hard, status.Hard) && QuotaMath.Equal(quota.Status.Used, status.Used)
            && quota.Status.Hard is not null && quota.Status.Used is not null)
        {
            return ReconcileResult.Done;
        }
        var updated = quota.DeepCopy();
        updated.Status = status;
        await Context.Client.Resource<Quota>(ns).UpdateStatusAsync(updated, cancellationToken: cancellationToken);
        return ReconcileResult.Done;
    }

    /// <summary>The objects of a resource in a namespace, from a typed informer or a dynamic one (started and synced on first use).</summary>
    private async Task<Func<string, IEnumerable<IKubeMetaObject>>> ListerForAsync(GroupResource resource, CancellationToken cancellationToken)
    {
        if (resource == Pods)
        {
            return ns => _pods.Namespace(ns).List();
        }
        if (resource == Services)
        {
            return ns => _services.Namespace(ns).List();
        }
        if (resource == Claims)
        {
            return ns => _claims.Namespace(ns).List();
        }
        if (resource == Quotas)
        {
            return ns => _quotas.Namespace(ns).List();
        }
        SharedIndexInformer<JsonObject>? informer;
        lock (_lock)
        {
            if (!_dynamic.TryGetValue(resource, out informer))
            {
                informer = null;
                if (Context.Client.Registry.TryGetPreferred(resource.Group, resource.Resource, out var api) && api.Namespaced
                    && api.Supports("list") && api.Supports("watch"))
                {
                    informer = Context.Informers.DynamicInformer(api);
                    informer.AddEventHandler(onDelete: (obj, _) => Replenish(resource, Namespace(obj)));
                    Context.Informers.Start(_running);
                }
                else
                {
                    LogUnknownResource(Logger, resource.ToString());
                }
                _dynamic[resource] = informer;
            }
        }
        if (informer is null)
        {
            return _ => [];
        }
        await informer.WaitForCacheSyncAsync(cancellationToken);
        var lister = informer.Lister;
        return ns => lister.Namespace(ns).List().Select(AsMeta);
    }

    private static string Namespace(JsonObject obj)
        => obj["metadata"] is JsonObject meta && meta["namespace"] is JsonValue v && v.TryGetValue<string>(out var ns) ? ns : "";

    /// <summary>Object-count evaluators need only the object's identity.</summary>
    private static IKubeMetaObject AsMeta(JsonObject obj)
    {
        var meta = new PartialObjectMetadata();
        if (obj["metadata"] is JsonObject m)
        {
            meta.Metadata.Name = m["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : "";
            meta.Metadata.Namespace = Namespace(obj);
        }
        return meta;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "quota names resource {Resource}, which this server does not serve as a namespaced list/watch resource")]
    private static partial void LogUnknownResource(ILogger logger, string resource);
}
