using System.Text.Json.Nodes;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Registry;
using GroupResource = KubeSharp.Api.Registry.GroupResource;
using GroupVersionKind = KubeSharp.Api.Registry.GroupVersionKind;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers.GarbageCollection;

/// <summary>
/// Upstream's garbage collector: a graph of ownerReferences built from informers on every resource that can be listed,
/// watched and deleted (events excluded, as upstream's default), and two queues.
/// <list type="bullet">
/// <item>attemptToDelete: an object whose owners are all gone (checked by live reads, by uid) is deleted, background
/// by default; an owner that is being deleted in the foreground (foregroundDeletion finalizer) gets its dependents deleted
/// (those that themselves have dependents in the foreground too), and loses the finalizer once no dependent with
/// blockOwnerDeletion is left, so the API server removes it.</item>
/// <item>attemptToOrphan: an owner being deleted with the orphan finalizer has its uid removed from its dependents'
/// ownerReferences, then loses the finalizer.</item>
/// </list>
/// Owners that still exist but are not the controller are "solid": a dependent with a solid owner only loses its
/// references to the missing ones.
/// </summary>
public sealed partial class GarbageCollector : IController
{
    /// <summary>Resources upstream's garbage collector ignores by default.</summary>
    public static readonly IReadOnlySet<GroupResource> IgnoredResources = new HashSet<GroupResource>
    {
        new("", "events"),
        new("events.k8s.io", "events"),
    };

    private const string OrphanFinalizer = "orphan";
    private const string ForegroundFinalizer = "foregroundDeletion";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _dependents = new(StringComparer.Ordinal);
    private readonly int _workers;
    private ControllerContext? _context;
    private RateLimitingQueue<string> AttemptToDeleteQueue { get; set; } = null!;
    private RateLimitingQueue<string> AttemptToOrphanQueue { get; set; } = null!;
    private ILogger _logger = NullLogger.Instance;

    /// <summary>Creates the collector.</summary>
    public GarbageCollector(int workers = 5)
    {
        _workers = workers;
    }

    /// <inheritdoc/>
    public string Name => "garbagecollector";

    /// <summary>The resources the graph is built from (after initialization).</summary>
    public IReadOnlyList<ApiResource> MonitoredResources { get; private set; } = [];

    private ControllerContext Context => _context ?? throw new InvalidOperationException("not initialized");

    /// <inheritdoc/>
    public async Task InitializeAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<GarbageCollector>();
        AttemptToDeleteQueue = new RateLimitingQueue<string>(RateLimiters.DefaultController<string>(context.Clock), context.Clock);
        AttemptToOrphanQueue = new RateLimitingQueue<string>(RateLimiters.DefaultController<string>(context.Clock), context.Clock);
        var monitored = new List<ApiResource>();
        foreach (var resource in await DeletableResourcesAsync(context.Client, cancellationToken))
        {
            monitored.Add(resource);
            var informer = context.Informers.DynamicInformer(resource);
            informer.AddEventHandler(
                onAdd: (obj, _) => OnUpsert(resource, obj),
                onUpdate: (_, obj) => OnUpsert(resource, obj),
                onDelete: (obj, _) => OnDeleted(obj));
        }
        MonitoredResources = monitored;
    }

    /// <summary>
    /// The preferred version of every resource supporting list, watch and delete, minus the ignored ones, that the
    /// server actually serves (probed with a one-item list, as upstream relies on discovery).
    /// </summary>
    private static async Task<List<ApiResource>> DeletableResourcesAsync(KubernetesClient client, CancellationToken cancellationToken)
    {
        var candidates = client.Registry.Resources
            .Where(r => r.Supports("list") && r.Supports("watch") && r.Supports("delete") && !IgnoredResources.Contains(r.GroupResource))
            .Select(r => client.Registry.TryGetPreferred(r.Group, r.Resource, out var preferred) ? preferred : r)
            .DistinctBy(r => r.GroupResource)
            .ToList();
        var served = await Task.WhenAll(candidates.Select(async resource =>
        {
            try
            {
                await client.Dynamic(resource).ListAsync(new ListParams { Limit = 1 }, cancellationToken);
                return resource;
            }
            catch (KubeApiException e) when (e.IsNotFound || e.IsMethodNotAllowed || e.IsForbidden)
            {
                return null;
            }
        }));
        return [.. served.OfType<ApiResource>()];
    }

    private static JsonObject? Metadata(JsonObject obj) => obj["metadata"] as JsonObject;

    private static string Str(JsonObject? obj, string name) => obj?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static List<OwnerReference> ParseOwners(JsonObject? meta)
    {
        var result = new List<OwnerReference>();
        if (meta?["ownerReferences"] is not JsonArray array)
        {
            return result;
        }
        foreach (var item in array.OfType<JsonObject>())
        {
            result.Add(new OwnerReference
            {
                ApiVersion = Str(item, "apiVersion"),
                Kind = Str(item, "kind"),
                Name = Str(item, "name"),
                Uid = Str(item, "uid"),
                Controller = item["controller"] is JsonValue c && c.TryGetValue<bool>(out var controller) ? controller : null,
                BlockOwnerDeletion = item["blockOwnerDeletion"] is JsonValue b && b.TryGetValue<bool>(out var block) ? block : null,
            });
        }
        return result;
    }

    private static List<string> ParseFinalizers(JsonObject? meta)
        => meta?["finalizers"] is JsonArray array ? [.. array.Select(f => f is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").Where(s => s.Length > 0)] : [];

    private static Node ToNode(ApiResource resource, JsonObject obj)
    {
        var meta = Metadata(obj);
        return new Node(resource, Str(meta, "namespace"), Str(meta, "name"), Str(meta, "uid"), ParseOwners(meta), ParseFinalizers(meta), meta?["deletionTimestamp"] is JsonValue);
    }

    private void OnUpsert(ApiResource resource, JsonObject obj)
    {
        var node = ToNode(resource, obj);
        if (node.Uid.Length == 0)
        {
            return;
        }
        Node? old;
        List<string> dependents;
        lock (_lock)
        {
            _nodes.TryGetValue(node.Uid, out old);
            if (old is not null)
            {
                foreach (var owner in old.Owners)
                {
                    if (_dependents.TryGetValue(owner.Uid, out var set))
                    {
                        set.Remove(node.Uid);
                    }
                }
            }
            _nodes[node.Uid] = node;
            foreach (var owner in node.Owners)
            {
                if (!_dependents.TryGetValue(owner.Uid, out var set))
                {
                    _dependents[owner.Uid] = set = new HashSet<string>(StringComparer.Ordinal);
                }
                set.Add(node.Uid);
            }
            dependents = _dependents.TryGetValue(node.Uid, out var deps) ? [.. deps] : [];
        }

        if (node.Owners.Count > 0 && (old is null || !SameOwners(old.Owners, node.Owners)))
        {
            AttemptToDeleteQueue.Add(node.Uid);
        }
        if (node.BeingDeleted && node.Finalizers.Contains(OrphanFinalizer))
        {
            AttemptToOrphanQueue.Add(node.Uid);
        }
        if (node.DeletingDependents)
        {
            AttemptToDeleteQueue.Add(node.Uid);
            if (old is null || !old.DeletingDependents)
            {
                foreach (var dependent in dependents)
                {
                    AttemptToDeleteQueue.Add(dependent);
                }
            }
        }
    }

    private void OnDeleted(JsonObject obj)
    {
        var uid = Str(Metadata(obj), "uid");
        List<string> dependents;
        List<string> waitingOwners = [];
        lock (_lock)
        {
            if (!_nodes.Remove(uid, out var node))
            {
                return;
            }
            foreach (var owner in node.Owners)
            {
                if (_dependents.TryGetValue(owner.Uid, out var set))
                {
                    set.Remove(uid);
                }
                if (_nodes.TryGetValue(owner.Uid, out var ownerNode) && ownerNode.DeletingDependents)
                {
                    waitingOwners.Add(owner.Uid);
                }
            }
            // Dependents stay indexed under the gone owner's uid until they drop the reference or go.
            dependents = _dependents.TryGetValue(uid, out var deps) ? [.. deps] : [];
        }
        foreach (var dependent in dependents)
        {
            AttemptToDeleteQueue.Add(dependent);
        }
        foreach (var owner in waitingOwners)
        {
            AttemptToDeleteQueue.Add(owner);
        }
    }

    private static bool SameOwners(List<OwnerReference> a, List<OwnerReference> b)
        => a.Count == b.Count && a.Zip(b).All(p => p.First.Uid == p.Second.Uid && p.First.BlockOwnerDeletion == p.Second.BlockOwnerDeletion);

    private Node? NodeOf(string uid)
    {
        lock (_lock)
        {
            return _nodes.GetValueOrDefault(uid);
        }
    }

    private List<Node> DependentsOf(string uid)
    {
        lock (_lock)
        {
            return _dependents.TryGetValue(uid, out var set)
                ? [.. set.Select(d => _nodes.GetValueOrDefault(d)).OfType<Node>()]
                : [];
        }
    }

    /// <inheritdoc/>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(
                QueueWorkers.RunAsync(AttemptToDeleteQueue, _workers, AttemptToDeleteAsync, _logger, cancellationToken),
                QueueWorkers.RunAsync(AttemptToOrphanQueue, _workers, AttemptToOrphanAsync, _logger, cancellationToken));
        }
        finally
        {
            AttemptToDeleteQueue.ShutDown();
            AttemptToOrphanQueue.ShutDown();
        }
    }

    private DynamicResourceClient ClientFor(Node node) => Context.Client.Dynamic(node.Resource, node.Resource.Namespaced ? node.Namespace : "");

    /// <summary>A live read of the node's object; null when it is gone or was replaced (other uid).</summary>
    private async Task<JsonObject?> GetLatestAsync(Node node, CancellationToken cancellationToken)
    {
        var latest = await ClientFor(node).TryGetAsync(node.Name, cancellationToken);
        return latest is not null && Str(Metadata(latest), "uid") == node.Uid ? latest : null;
    }

    private async Task<ReconcileResult> AttemptToDeleteAsync(string uid, CancellationToken cancellationToken)
    {
        if (NodeOf(uid) is not { } node)
        {
            return ReconcileResult.Done;
        }
        var latest = await GetLatestAsync(node, cancellationToken);
        if (latest is null)
        {
            return ReconcileResult.Done;
        }
        var meta = Metadata(latest);
        var finalizers = ParseFinalizers(meta);
        if (meta?["deletionTimestamp"] is JsonValue)
        {
            if (finalizers.Contains(ForegroundFinalizer))
            {
                await ProcessDeletingDependentsAsync(node, latest, finalizers, cancellationToken);
            }
            return ReconcileResult.Done;
        }

        var owners = ParseOwners(meta);
        if (owners.Count == 0)
        {
            return ReconcileResult.Done;
        }
        List<OwnerReference> solid = [], dangling = [], waiting = [];
        foreach (var reference in owners)
        {
            switch (await ClassifyOwnerAsync(node, reference, cancellationToken))
            {
                case OwnerState.Dangling:
                    dangling.Add(reference);
                    break;
                case OwnerState.WaitingForDependentsDeletion:
                    waiting.Add(reference);
                    break;
                default:
                    solid.Add(reference);
                    break;
            }
        }

        if (solid.Count > 0)
        {
            if (dangling.Count == 0 && waiting.Count == 0)
            {
                return ReconcileResult.Done;
            }
            // Keep the solid owners; drop the references to missing owners and stop blocking owners being deleted.
            var kept = owners.Where(o => !dangling.Contains(o)).Select(o => waiting.Contains(o) ? Unblocked(o) : o).ToList();
            await PatchOwnersAsync(node, latest, kept, cancellationToken);
            return ReconcileResult.Done;
        }

        string policy;
        if (waiting.Count > 0 && DependentsOf(uid).Count > 0)
        {
            // Our owner waits for us and we have dependents ourselves: delete in the foreground too.
            policy = "Foreground";
        }
        else if (finalizers.Contains(OrphanFinalizer))
        {
            policy = "Orphan";
        }
        else if (finalizers.Contains(ForegroundFinalizer))
        {
            policy = "Foreground";
        }
        else
        {
            policy = "Background";
        }
        LogDeleting(node.Resource.Resource, node.Namespace, node.Name, policy);
        try
        {
            await ClientFor(node).DeleteAsync(node.Name, new DeleteOptions { PropagationPolicy = policy, Preconditions = new Preconditions { Uid = uid } }, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Gone, or replaced by another object of the same name (the precondition failed).
        }
        return ReconcileResult.Done;
    }

    private static OwnerReference Unblocked(OwnerReference o) => new()
    {
        ApiVersion = o.ApiVersion,
        Kind = o.Kind,
        Name = o.Name,
        Uid = o.Uid,
        Controller = o.Controller,
        BlockOwnerDeletion = false,
    };

    private enum OwnerState
    {
        Solid,
        Dangling,
        WaitingForDependentsDeletion,
    }

    private async Task<OwnerState> ClassifyOwnerAsync(Node dependent, OwnerReference reference, CancellationToken cancellationToken)
    {
        var gv = reference.ApiVersion.Split('/');
        var gvk = gv.Length == 2 ? new GroupVersionKind(gv[0], gv[1], reference.Kind) : new GroupVersionKind("", gv[0], reference.Kind);
        if (!Context.Client.Registry.TryGetByKind(gvk, out var resource))
        {
            // Unknown kind (a custom resource this build cannot map): never collect on its account.
            return OwnerState.Solid;
        }
        var client = Context.Client.Dynamic(resource, resource.Namespaced ? dependent.Namespace : "");
        var owner = await client.TryGetAsync(reference.Name, cancellationToken);
        var meta = owner is null ? null : Metadata(owner);
        if (owner is null || Str(meta, "uid") != reference.Uid)
        {
            return OwnerState.Dangling;
        }
        return meta?["deletionTimestamp"] is JsonValue && ParseFinalizers(meta).Contains(ForegroundFinalizer)
            ? OwnerState.WaitingForDependentsDeletion
            : OwnerState.Solid;
    }

    /// <summary>
    /// Foreground deletion of <paramref name="node"/>: while dependents that block it (blockOwnerDeletion) exist, make
    /// sure they are being deleted; once none is left, remove the foregroundDeletion finalizer.
    /// </summary>
    private async Task ProcessDeletingDependentsAsync(Node node, JsonObject latest, List<string> finalizers, CancellationToken cancellationToken)
    {
        var blocking = DependentsOf(node.Uid)
            .Where(d => d.Owners.Any(o => o.Uid == node.Uid && o.BlockOwnerDeletion == true))
            .ToList();
        if (blocking.Count == 0)
        {
            finalizers.Remove(ForegroundFinalizer);
            await PatchFinalizersAsync(node, latest, finalizers, cancellationToken);
            return;
        }
        foreach (var dependent in blocking.Where(d => !d.BeingDeleted))
        {
            AttemptToDeleteQueue.Add(dependent.Uid);
        }
    }

    private async Task AttemptToOrphanAsync(string uid, CancellationToken cancellationToken)
    {
        if (NodeOf(uid) is not { } owner)
        {
            return;
        }
        var latest = await GetLatestAsync(owner, cancellationToken);
        var meta = latest is null ? null : Metadata(latest);
        var finalizers = ParseFinalizers(meta);
        if (latest is null || meta?["deletionTimestamp"] is not JsonValue || !finalizers.Contains(OrphanFinalizer))
        {
            return;
        }
        foreach (var dependent in DependentsOf(uid))
        {
            await RemoveOwnerReferenceAsync(dependent, uid, cancellationToken);
        }
        finalizers.Remove(OrphanFinalizer);
        await PatchFinalizersAsync(owner, latest, finalizers, cancellationToken);
    }

    /// <summary>Removes the reference to <paramref name="ownerUid"/> from a dependent, retrying on conflicts from fresh reads.</summary>
    private async Task RemoveOwnerReferenceAsync(Node dependent, string ownerUid, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var latest = await GetLatestAsync(dependent, cancellationToken);
            if (latest is null)
            {
                return;
            }
            var owners = ParseOwners(Metadata(latest));
            if (owners.All(o => o.Uid != ownerUid))
            {
                return;
            }
            try
            {
                await PatchOwnersAsync(dependent, latest, [.. owners.Where(o => o.Uid != ownerUid)], cancellationToken);
                return;
            }
            catch (KubeApiException e) when (e.IsConflict && attempt < 5)
            {
                // Changed meanwhile: read again.
            }
        }
    }

    private async Task PatchOwnersAsync(Node node, JsonObject latest, List<OwnerReference> owners, CancellationToken cancellationToken)
    {
        try
        {
            await ClientFor(node).PatchAsync(node.Name, PatchType.Merge, MetadataPatches.OwnerReferences(owners, Str(Metadata(latest), "resourceVersion"), node.Uid), cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Gone.
        }
    }

    private async Task PatchFinalizersAsync(Node node, JsonObject latest, List<string> finalizers, CancellationToken cancellationToken)
    {
        try
        {
            await ClientFor(node).PatchAsync(node.Name, PatchType.Merge, MetadataPatches.Finalizers(finalizers, Str(Metadata(latest), "resourceVersion"), node.Uid), cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Gone already.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collecting {Resource} {Namespace}/{Name} (propagation {Policy})")]
    private partial void LogDeleting(string resource, string @namespace, string name, string policy);

    private sealed record Node(ApiResource Resource, string Namespace, string Name, string Uid, List<OwnerReference> Owners, List<string> Finalizers, bool BeingDeleted)
    {
        public bool DeletingDependents => BeingDeleted && Finalizers.Contains(ForegroundFinalizer);
    }
}
