using KubeSharp.Api.Core.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Infrastructure;

namespace KubeSharp.Controllers.NodeIpam;

/// <summary>
/// Upstream's node IPAM controller with the RangeAllocator (pkg/controller/nodeipam/ipam/range_allocator.go): every node
/// without spec.podCIDR gets the next free /24 of the cluster CIDR (<c>--cluster-cidr</c>, 10.42.0.0/16 by default) in
/// spec.podCIDR and spec.podCIDRs (a strategic merge patch); the CIDRs of the nodes that exist when it starts are marked
/// used first; a deleted node's CIDR is released. When the range is full the node gets a <c>CIDRNotAvailable</c> event
/// and is retried with backoff. Keys are node names.
/// </summary>
public sealed class NodeIpamController : QueueController
{
    /// <summary>Upstream's default --node-cidr-mask-size for IPv4.</summary>
    public const int DefaultNodeMaskSize = 24;

    private readonly Lock _lock = new();
    private readonly CidrSet _cidrs;
    private readonly Dictionary<string, (string Uid, string Cidr)> _pending = new(StringComparer.Ordinal);
    private Lister<Node> _nodes = null!;
    private IEventRecorder _recorder = null!;

    /// <summary>Creates the controller over <paramref name="clusterCidr"/> (the first IPv4 CIDR of a comma-separated list).</summary>
    public NodeIpamController(string clusterCidr, int nodeMaskSize = DefaultNodeMaskSize)
        : base(workers: 1)
    {
        ArgumentNullException.ThrowIfNull(clusterCidr);
        var first = clusterCidr.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(c => !c.Contains(':', StringComparison.Ordinal))
            ?? throw new ArgumentException($"no IPv4 CIDR in cluster CIDR {clusterCidr}", nameof(clusterCidr));
        _cidrs = new CidrSet(first, nodeMaskSize);
    }

    /// <inheritdoc/>
    public override string Name => "nodeipam";

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        var nodes = context.Informers.Informer<Node>();
        _nodes = nodes.Lister;
        _recorder = context.EventRecorder("cidrAllocator");
        nodes.AddEventHandler(
            onAdd: (node, _) => Enqueue(node.Metadata.Name),
            onUpdate: (_, node) => Enqueue(node.Metadata.Name),
            onDelete: (node, _) => Release(node));
    }

    /// <inheritdoc/>
    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        // The caches have synced: mark the CIDRs of existing nodes before handing out any.
        lock (_lock)
        {
            foreach (var node in _nodes.List())
            {
                foreach (var cidr in CidrsOf(node))
                {
                    _cidrs.Occupy(cidr);
                }
            }
        }
        await base.RunAsync(cancellationToken);
    }

    private static List<string> CidrsOf(Node node)
        => node.Spec.PodCIDRs is { Count: > 0 } list ? list : node.Spec.PodCIDR.Length > 0 ? [node.Spec.PodCIDR] : [];

    private void Release(Node node)
    {
        lock (_lock)
        {
            foreach (var cidr in CidrsOf(node))
            {
                _cidrs.Release(cidr);
            }
            if (_pending.Remove(node.Metadata.Name, out var pending) && !CidrsOf(node).Contains(pending.Cidr))
            {
                _cidrs.Release(pending.Cidr);
            }
        }
    }

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var node = _nodes.Get(key);
        if (node is null || node.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }
        string cidr;
        lock (_lock)
        {
            var existing = CidrsOf(node);
            if (existing.Count > 0)
            {
                // Upstream occupies what a node already has (allocated elsewhere or before a restart).
                foreach (var c in existing)
                {
                    _cidrs.Occupy(c);
                }
                _pending.Remove(key);
                return ReconcileResult.Done;
            }
            if (_pending.TryGetValue(key, out var pending) && pending.Uid == node.Metadata.Uid)
            {
                // Patched already, the cache has not caught up: send the same CIDR again (idempotent).
                cidr = pending.Cidr;
            }
            else
            {
                if (_pending.Remove(key, out var stale))
                {
                    _cidrs.Release(stale.Cidr);
                }
                var next = _cidrs.AllocateNext();
                if (next is null)
                {
                    _recorder.Eventf(node, EventTypes.Normal, "CIDRNotAvailable", "Node {0} status is now: {1}", key, "CIDRNotAvailable");
                    throw new InvalidOperationException("failed to allocate cidr from cluster cidr: CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range");
                }
                cidr = next;
                _pending[key] = (node.Metadata.Uid, cidr);
            }
        }
        var patch = $$$"""{"metadata":{"uid":"{{{node.Metadata.Uid}}}"},"spec":{"podCIDR":"{{{cidr}}}","podCIDRs":["{{{cidr}}}"]}}""";
        try
        {
            await Context.Client.Resource<Node>().PatchAsync(key, PatchType.StrategicMerge, patch, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Gone (or replaced by a node of the same name): give the CIDR back; a new node comes as its own event.
            lock (_lock)
            {
                if (_pending.Remove(key, out var p))
                {
                    _cidrs.Release(p.Cidr);
                }
            }
        }
        catch (KubeApiException)
        {
            lock (_lock)
            {
                if (_pending.Remove(key, out var p))
                {
                    _cidrs.Release(p.Cidr);
                }
            }
            throw;
        }
        return ReconcileResult.Done;
    }

}
