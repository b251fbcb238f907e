using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Discovery.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Infrastructure;

namespace KubeSharp.Controllers.Endpoints;

/// <summary>
/// upstream's endpointslice controller (<c>--controllers endpointslice</c>): every Service with a selector (not
/// ExternalName) has EndpointSlices labelled <c>kubernetes.io/service-name</c> and
/// <c>endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io</c>, owned by the Service (the garbage
/// collector removes them with it), written by <see cref="EndpointSliceReconciler"/>. Terminating pods stay in the
/// slices with their conditions. <see cref="EndpointSliceTracker"/> keeps a lagging cache from causing duplicates.
/// Keys are <c>namespace/name</c> of Services.
/// </summary>
public sealed class EndpointSliceController : QueueController
{
    private readonly EndpointSliceReconciler _reconciler;
    private readonly EndpointSliceTracker _tracker = new();
    private readonly TriggerTimeTracker _triggerTimes = new();
    private Lister<Service> _services = null!;
    private Lister<Pod> _pods = null!;
    private Lister<Node> _nodes = null!;
    private Lister<EndpointSlice> _slices = null!;
    private IEventRecorder _recorder = null!;

    /// <summary>Creates the controller (upstream's defaults: --concurrent-service-endpoint-syncs 5, --max-endpoints-per-slice 100).</summary>
    public EndpointSliceController(int workers = 5, int maxEndpointsPerSlice = 100)
        : base(workers)
    {
        _reconciler = new EndpointSliceReconciler(maxEndpointsPerSlice);
    }

    /// <inheritdoc/>
    public override string Name => "endpointslice";

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        var services = context.Informers.Informer<Service>();
        var pods = context.Informers.Informer<Pod>();
        var nodes = context.Informers.Informer<Node>();
        var slices = context.Informers.Informer<EndpointSlice>();
        _services = services.Lister;
        _pods = pods.Lister;
        _nodes = nodes.Lister;
        _slices = slices.Lister;
        _recorder = context.EventRecorder("endpoint-slice-controller");
        EnqueueOnChange(services);
        pods.AddEventHandler(
            onAdd: (p, _) => EnqueueAll(EndpointsUtil.PodServiceMemberships(_services, p)),
            onUpdate: (o, p) => EnqueueAll(EndpointsUtil.ServicesToUpdateOnPodChange(_services, o, p)),
            onDelete: (p, _) => EnqueueAll(EndpointsUtil.PodServiceMemberships(_services, p)));
        slices.AddEventHandler(
            onAdd: (s, _) =>
            {
                if (EndpointSliceReconciler.ManagedByController(s) && _tracker.ShouldSync(s))
                {
                    EnqueueSliceService(s);
                }
            },
            onUpdate: (o, s) =>
            {
                var managedByChanged = EndpointSliceReconciler.ManagedByController(o) != EndpointSliceReconciler.ManagedByController(s);
                if (EndpointSliceReconciler.ManagedByController(o) || EndpointSliceReconciler.ManagedByController(s))
                {
                    if (managedByChanged || _tracker.ShouldSync(s))
                    {
                        EnqueueSliceService(s);
                        if (EndpointSliceTracker.ServiceKey(o) != EndpointSliceTracker.ServiceKey(s))
                        {
                            EnqueueSliceService(o);
                        }
                    }
                }
            },
            onDelete: (s, _) =>
            {
                // A deletion this controller did not make is put right.
                if (EndpointSliceReconciler.ManagedByController(s) && _tracker.Has(s) && !_tracker.HandleDeletion(s))
                {
                    EnqueueSliceService(s);
                }
            });
    }

    private void EnqueueSliceService(EndpointSlice slice)
    {
        if (EndpointSliceTracker.ServiceKey(slice) is { } key)
        {
            Enqueue(key);
        }
    }

    private void EnqueueAll(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            Enqueue(key);
        }
    }

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var ns = key[..slash];
        var name = key[(slash + 1)..];
        var service = _services.Namespace(ns).Get(name);
        if (service is null)
        {
            // The Service's slices go with it through their owner reference (garbage collector).
            _triggerTimes.DeleteService(ns, name);
            _tracker.DeleteService(key);
            return ReconcileResult.Done;
        }
        if (service.Spec.Type == "ExternalName" || !EndpointsUtil.HasSelector(service))
        {
            // ExternalName Services get no slices; Services without a selector get theirs from their users.
            return ReconcileResult.Done;
        }
        var pods = _pods.Namespace(ns).List().Where(p => EndpointsUtil.SelectorMatches(service.Spec.Selector!, p.Metadata.Labels)).ToList();
        var slices = _slices.Namespace(ns).List()
            .Where(s => EndpointSliceReconciler.ManagedByController(s)
                && s.Metadata.Labels!.TryGetValue(EndpointSliceReconciler.ServiceNameLabel, out var n) && n == name
                && s.Metadata.DeletionTimestamp is null)
            .ToList();
        if (_tracker.StaleSlices(key, slices))
        {
            throw new InvalidOperationException("EndpointSlice informer cache is out of date");
        }
        var triggerTime = _triggerTimes.ComputeEndpointLastChangeTriggerTime(ns, service, pods);
        var plan = _reconciler.Reconcile(service, pods, slices, node => node.Length == 0 ? null : _nodes.Get(node), triggerTime);
        try
        {
            await ApplyAsync(service, plan, cancellationToken);
        }
        catch (KubeApiException e) when (!e.IsConflict)
        {
            _recorder.Eventf(service, EventTypes.Warning, "FailedToUpdateEndpointSlices", "Error updating Endpoint Slices for Service {0}/{1}: {2}", ns, name, e.Message);
            throw;
        }
        if (plan.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", plan.Errors));
        }
        return ReconcileResult.Done;
    }

    private async Task ApplyAsync(Service service, EndpointSlicePlan plan, CancellationToken cancellationToken)
    {
        var client = Context.Client.Resource<EndpointSlice>(service.Metadata.Namespace);
        foreach (var slice in plan.ToCreate)
        {
            try
            {
                _tracker.Update(await client.CreateAsync(slice, cancellationToken: cancellationToken));
            }
            catch (KubeApiException e) when (e.IsForbidden && e.Causes.Any(c => c.Reason == "NamespaceTerminating"))
            {
                // The namespace is going away: creates will keep failing.
                return;
            }
        }
        foreach (var slice in plan.ToUpdate)
        {
            _tracker.Update(await client.UpdateAsync(slice, cancellationToken: cancellationToken));
        }
        foreach (var slice in plan.ToDelete)
        {
            try
            {
                await client.DeleteAsync(slice.Metadata.Name, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
            _tracker.ExpectDeletion(slice);
        }
    }

}
