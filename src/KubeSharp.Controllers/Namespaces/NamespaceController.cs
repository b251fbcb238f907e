using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Registry;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Infrastructure;

namespace KubeSharp.Controllers.Namespaces;

/// <summary>
/// Upstream's namespace controller (pkg/controller/namespace, deletion/namespaced_resources_deleter.go): a namespace
/// marked for deletion (deletionTimestamp, phase Terminating) whose spec.finalizers holds <c>kubernetes</c> has every
/// namespaced resource that supports delete emptied (deletecollection, else list and delete each), then loses the
/// finalizer through <c>PUT namespaces/NAME/finalize</c>, after which the API server removes it. Content still there
/// (pods terminating gracefully, objects with finalizers) requeues the namespace after upstream's estimate/2 + 1 s; the
/// namespace's status conditions say what is left (NamespaceContentRemaining, NamespaceFinalizersRemaining, ...).
/// </summary>
public sealed class NamespaceController : QueueController
{
    /// <summary>The spec finalizer this controller owns.</summary>
    public const string FinalizerKubernetes = "kubernetes";

    /// <summary>Upstream's estimate for content held by finalizers (finalizerEstimateSeconds).</summary>
    public const long FinalizerEstimateSeconds = 15;

    /// <summary>
    /// Upstream's namespaceDeletionGracePeriod: a namespace event is processed this long after it arrives, so that
    /// creations admitted just before the namespace turned Terminating have landed before the content is deleted.
    /// </summary>
    public static readonly TimeSpan DeletionGracePeriod = TimeSpan.FromSeconds(5);

    private Lister<Namespace> _namespaces = null!;
    private List<ApiResource>? _served;

    /// <summary>Creates the controller.</summary>
    public NamespaceController(int workers = 2)
        : base(workers)
    {
    }

    /// <inheritdoc/>
    public override string Name => "namespace";

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        var namespaces = context.Informers.Informer<Namespace>();
        _namespaces = namespaces.Lister;
        namespaces.AddEventHandler(
            onAdd: (ns, _) => EnqueueIfDeleting(ns),
            onUpdate: (_, ns) => EnqueueIfDeleting(ns));
    }

    private void EnqueueIfDeleting(Namespace ns)
    {
        if (ns.Metadata.DeletionTimestamp is not null)
        {
            Queue.AddAfter(ns.Metadata.Name, DeletionGracePeriod);
        }
    }

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_namespaces.Get(key) is null)
        {
            return ReconcileResult.Done;
        }
        var client = Context.Client.Resource<Namespace>();
        // Upstream reads the namespace live: the cache may be behind a finalize that already happened.
        var ns = await client.TryGetAsync(key, cancellationToken);
        if (ns is null || ns.Metadata.DeletionTimestamp is null || ns.Spec.Finalizers?.Contains(FinalizerKubernetes) != true)
        {
            return ReconcileResult.Done;
        }

        var (resources, discoveryErrors) = await DiscoverAsync(cancellationToken);
        var totals = new ContentTotals();
        var deleteErrors = new List<string>();
        long estimate = 0;
        foreach (var resource in resources)
        {
            try
            {
                var gvrEstimate = await DeleteAllOfResourceAsync(resource, key, totals, cancellationToken);
                estimate = Math.Max(estimate, gvrEstimate);
            }
            catch (KubeApiException e) when (!e.IsNotFound)
            {
                deleteErrors.Add(e.Message);
            }
            catch (InvalidOperationException e)
            {
                deleteErrors.Add(e.Message);
            }
        }

        var conditions = BuildConditions(discoveryErrors, deleteErrors, totals);
        ns = await UpdateConditionsAsync(ns, conditions, cancellationToken);

        if (discoveryErrors.Count > 0 || deleteErrors.Count > 0)
        {
            throw new InvalidOperationException($"namespace {key}: content deletion failed: " + string.Join("; ", discoveryErrors.Concat(deleteErrors)));
        }
        if (estimate > 0)
        {
            // Upstream: t := estimate/2 + 1.
            return ReconcileResult.After(TimeSpan.FromSeconds((estimate / 2) + 1));
        }

        // Empty: remove our finalizer through /finalize; the server deletes the namespace when nothing else holds it.
        var finalized = ns.DeepCopy();
        finalized.Spec.Finalizers = [.. ns.Spec.Finalizers!.Where(f => f != FinalizerKubernetes)];
        try
        {
            await client.UpdateSubresourceAsync("finalize", finalized, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
        catch (KubeApiException e) when (e.IsConflict)
        {
            return ReconcileResult.After(TimeSpan.FromMilliseconds(100));
        }
        return ReconcileResult.Done;
    }

    /// <summary>
    /// The namespaced resources supporting delete and list, as upstream's discovery (ServerPreferredNamespacedResources
    /// filtered by delete) finds them: the preferred version of every built-in resource the server serves (probed once
    /// with a 1-item list), plus, read from the API's discovery endpoints on every pass, the groups the built-in registry
    /// does not know (custom resources). Groups that fail make the NamespaceDeletionDiscoveryFailure condition.
    /// </summary>
    private async Task<(List<ApiResource> Resources, List<string> Errors)> DiscoverAsync(CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var registry = Context.Client.Registry;
        var resources = _served;
        if (resources is null)
        {
            var candidates = registry.Resources
                .Where(r => r.Namespaced && r.Supports("delete") && r.Supports("list"))
                .Select(r => registry.TryGetPreferred(r.Group, r.Resource, out var preferred) ? preferred : r)
                .DistinctBy(r => r.GroupResource)
                .ToList();
            var builtIn = new List<ApiResource>();
            var builtInErrors = new List<string>();
            foreach (var resource in candidates)
            {
                try
                {
                    await Context.Client.Dynamic(resource, "default").ListAsync(new ListParams { Limit = 1 }, cancellationToken);
                    builtIn.Add(resource);
                }
                catch (KubeApiException e) when (e.IsNotFound || e.IsMethodNotAllowed)
                {
                }
                catch (KubeApiException e)
                {
                    builtInErrors.Add($"{resource.GroupVersion}: {e.Message}");
                    builtIn.Add(resource);
                }
            }
            if (builtInErrors.Count == 0)
            {
                _served = builtIn;
            }
            errors.AddRange(builtInErrors);
            resources = builtIn;
        }
        var all = new List<ApiResource>(resources);
        var knownGroups = registry.Resources.Select(r => r.Group).ToHashSet(StringComparer.Ordinal);
        Api.Meta.V1.APIGroupList groups;
        try
        {
            groups = await Context.Client.Rest.SendAsync<Api.Meta.V1.APIGroupList>(new RestRequest(HttpMethod.Get, "/apis"), cancellationToken);
        }
        catch (KubeApiException e)
        {
            errors.Add("unable to retrieve the complete list of server APIs: " + e.Message);
            return (all, errors);
        }
        foreach (var group in groups.Groups ?? [])
        {
            if (knownGroups.Contains(group.Name) || group.PreferredVersion.GroupVersion.Length == 0)
            {
                continue;
            }
            var groupVersion = group.PreferredVersion.GroupVersion;
            try
            {
                var list = await Context.Client.Rest.SendAsync<Api.Meta.V1.APIResourceList>(new RestRequest(HttpMethod.Get, "/apis/" + groupVersion), cancellationToken);
                foreach (var r in list.Resources ?? [])
                {
                    if (!r.Namespaced || r.Name.Contains('/', StringComparison.Ordinal) || r.Verbs is not { } verbs || !verbs.Contains("delete") || !verbs.Contains("list"))
                    {
                        continue;
                    }
                    all.Add(new ApiResource(
                        new GroupVersionKind(group.Name, group.PreferredVersion.Version, r.Kind), r.Name, r.SingularName, namespaced: true,
                        [.. verbs], [.. r.ShortNames ?? []], [.. r.Categories ?? []], [], definition: "", listDefinition: null, introducedIn: null));
                }
            }
            catch (KubeApiException e)
            {
                errors.Add($"unable to retrieve the complete list of server APIs: {groupVersion}: {e.Message}");
            }
        }
        return (all, errors);
    }

    /// <summary>
    /// Deletes all of one resource in the namespace and reports what is left: 0 when empty; the pods' grace estimate or
    /// <see cref="FinalizerEstimateSeconds"/> when items remain for a good reason; an error when items remain unexplained.
    /// </summary>
    private async Task<long> DeleteAllOfResourceAsync(ApiResource resource, string @namespace, ContentTotals totals, CancellationToken cancellationToken)
    {
        var client = Context.Client.Dynamic(resource, @namespace);
        long estimate = 0;
        if (resource.Group.Length == 0 && resource.Resource == "pods")
        {
            estimate = EstimateGracefulTermination(await client.ListAllAsync(cancellationToken: cancellationToken));
        }
        if (resource.Supports("deletecollection"))
        {
            // Background propagation, as upstream (dependents go through the garbage collector).
            await client.DeleteCollectionAsync(options: new Api.Meta.V1.DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: cancellationToken);
        }
        else
        {
            foreach (var item in (await client.ListAllAsync(cancellationToken: cancellationToken)).Items)
            {
                var name = item["metadata"]?["name"]?.GetValue<string>() ?? "";
                try
                {
                    await client.DeleteAsync(name, new Api.Meta.V1.DeleteOptions { PropagationPolicy = "Background" }, cancellationToken);
                }
                catch (KubeApiException e) when (e.IsNotFound)
                {
                }
            }
        }
        var remaining = (await client.ListAllAsync(cancellationToken: cancellationToken)).Items;
        if (remaining.Count == 0)
        {
            return 0;
        }
        totals.Remaining[$"{resource.Resource}.{resource.Group}"] = remaining.Count;
        var withFinalizers = false;
        foreach (var item in remaining)
        {
            if (item["metadata"]?["finalizers"] is JsonArray finalizers)
            {
                foreach (var finalizer in finalizers)
                {
                    if (finalizer?.GetValue<string>() is { Length: > 0 } f)
                    {
                        totals.Finalizers[f] = totals.Finalizers.GetValueOrDefault(f) + 1;
                        withFinalizers = true;
                    }
                }
            }
        }
        if (estimate > 0)
        {
            return estimate;
        }
        if (withFinalizers)
        {
            return FinalizerEstimateSeconds;
        }
        throw new InvalidOperationException($"unexpected items still remain in namespace: {@namespace} for gvr: {resource.GroupVersionResource}");
    }

    /// <summary>Upstream's estimateGracefulTerminationForPods: the longest terminationGracePeriodSeconds of non-terminal pods.</summary>
    private static long EstimateGracefulTermination(ResourceList<JsonObject> pods)
    {
        long estimate = 0;
        foreach (var pod in pods.Items)
        {
            var phase = pod["status"]?["phase"]?.GetValue<string>();
            if (phase is "Succeeded" or "Failed")
            {
                continue;
            }
            if (pod["spec"]?["terminationGracePeriodSeconds"] is JsonValue grace && grace.TryGetValue<long>(out var seconds))
            {
                estimate = Math.Max(estimate, seconds);
            }
        }
        return estimate;
    }

    private sealed class ContentTotals
    {
        public SortedDictionary<string, int> Remaining { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, int> Finalizers { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Condition types in upstream's order.</summary>
    public static readonly IReadOnlyList<string> ConditionTypes =
    [
        "NamespaceDeletionDiscoveryFailure",
        "NamespaceDeletionGroupVersionParsingFailure",
        "NamespaceDeletionContentFailure",
        "NamespaceContentRemaining",
        "NamespaceFinalizersRemaining",
    ];

    private static List<NamespaceCondition> BuildConditions(List<string> discoveryErrors, List<string> deleteErrors, ContentTotals totals)
    {
        static NamespaceCondition C(string type, bool status, string reason, string message)
            => new() { Type = type, Status = status ? "True" : "False", Reason = reason, Message = message };
        return
        [
            discoveryErrors.Count > 0
                ? C("NamespaceDeletionDiscoveryFailure", true, "DiscoveryFailed", $"Discovery failed for some groups, {discoveryErrors.Count.ToString(CultureInfo.InvariantCulture)} failing: {string.Join(", ", discoveryErrors)}")
                : C("NamespaceDeletionDiscoveryFailure", false, "ResourcesDiscovered", "All resources successfully discovered"),
            C("NamespaceDeletionGroupVersionParsingFailure", false, "ParsedGroupVersions", "All legacy kube types successfully parsed"),
            deleteErrors.Count > 0
                ? C("NamespaceDeletionContentFailure", true, "ContentDeletionFailed", $"Failed to delete all resource types, {deleteErrors.Count.ToString(CultureInfo.InvariantCulture)} remaining: {Aggregate(deleteErrors)}")
                : C("NamespaceDeletionContentFailure", false, "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
            totals.Remaining.Count > 0
                ? C("NamespaceContentRemaining", true, "SomeResourcesRemain", "Some resources are remaining: " + string.Join(", ", totals.Remaining.Select(p => $"{p.Key} has {p.Value.ToString(CultureInfo.InvariantCulture)} resource instances")))
                : C("NamespaceContentRemaining", false, "ContentRemoved", "All content successfully removed"),
            totals.Finalizers.Count > 0
                ? C("NamespaceFinalizersRemaining", true, "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: " + string.Join(", ", totals.Finalizers.Select(p => $"{p.Key} in {p.Value.ToString(CultureInfo.InvariantCulture)} resource instances")))
                : C("NamespaceFinalizersRemaining", false, "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
        ];
    }

    /// <summary>utilerrors.NewAggregate's text: one error as is, several as [a, b].</summary>
    private static string Aggregate(List<string> errors) => errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]";

    /// <summary>Writes the conditions through namespaces/NAME/status when they changed (transition times kept when the status did not).</summary>
    private async Task<Namespace> UpdateConditionsAsync(Namespace ns, List<NamespaceCondition> conditions, CancellationToken cancellationToken)
    {
        var now = Time.Now().Rfc3339Copy();
        var existing = ns.Status.Conditions ?? [];
        var changed = false;
        var result = new List<NamespaceCondition>();
        foreach (var condition in conditions)
        {
            var old = existing.FirstOrDefault(c => c.Type == condition.Type);
            if (old is not null && old.Status == condition.Status && old.Reason == condition.Reason && old.Message == condition.Message)
            {
                result.Add(old);
                continue;
            }
            condition.LastTransitionTime = old is not null && old.Status == condition.Status ? old.LastTransitionTime : now;
            result.Add(condition);
            changed = true;
        }
        // Conditions of other types (other writers) are kept.
        result.AddRange(existing.Where(c => !ConditionTypes.Contains(c.Type)));
        if (!changed)
        {
            return ns;
        }
        var copy = ns.DeepCopy();
        copy.Status.Conditions = result;
        try
        {
            return await Context.Client.Resource<Namespace>().UpdateStatusAsync(copy, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsConflict)
        {
            // The next pass writes them from fresh state.
            return await Context.Client.Resource<Namespace>().GetAsync(ns.Metadata.Name, cancellationToken: cancellationToken);
        }
    }
}
