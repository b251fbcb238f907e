using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Quota;
using KubeSharp.ApiServer.Errors;

namespace KubeSharp.ApiServer.Admission.Plugins;

/// <summary>
/// Upstream's ResourceQuota plugin. For a create (or an update that can change usage) of a namespaced object, every
/// ResourceQuota of the namespace that covers it (limits, in status.hard, a resource the object's evaluator measures,
/// and every scope matches) must have room: the object's usage (an update's growth) added to status.used must stay
/// within status.hard, or the request gets upstream's 403 "exceeded quota: ...". The new usage is then written into
/// each quota's status.used, compare-and-swap on the resourceVersion checked against, re-checking against the fresh
/// quota when another request charged it meanwhile. Dry runs check without charging. Status comes from the resource
/// quota controller (status.hard mirrors spec.hard); a quota it has not seen yet limits nothing, as upstream.
/// </summary>
public sealed class ResourceQuotaAdmission(AdmissionLookup lookup, TimeProvider time) : IValidatingAdmissionPlugin
{
    public const string PluginName = "ResourceQuota";
    private const int Retries = 10;

    /// <summary>upstream's DefaultIgnoredResources: Events are never charged.</summary>
    private static readonly HashSet<Api.Registry.GroupResource> IgnoredResources = [new("", "events")];

    public string Name => PluginName;

    public bool Handles(AdmissionOperation operation) => operation is AdmissionOperation.Create or AdmissionOperation.Update;

    public async ValueTask ValidateAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.Subresource.Length > 0 || attributes.Namespace.Length == 0 || attributes.Object is not { } obj)
        {
            return;
        }
        var resource = attributes.Resource.Storage.Resource.GroupResource;
        if (IgnoredResources.Contains(resource))
        {
            return;
        }
        var evaluator = QuotaEvaluators.For(resource);
        if (attributes.Operation == AdmissionOperation.Create ? !evaluator.HandlesCreate : !evaluator.HandlesUpdate)
        {
            return;
        }
        var quotas = await lookup.ListAsync<ResourceQuota>(attributes, "", "v1", "resourcequotas", attributes.Namespace, cancellationToken);
        if (quotas.Count == 0)
        {
            return;
        }
        var store = lookup.StoreOf("", "v1", "resourcequotas")!;
        for (var attempt = 0; ; attempt++)
        {
            var charges = Check(attributes, evaluator, quotas, obj, time.GetUtcNow());
            if (charges.Count == 0 || attributes.DryRun)
            {
                return;
            }
            var failed = new List<string>();
            foreach (var (quota, used) in charges)
            {
                try
                {
                    await store.GuaranteedUpdateAsync(quota.Metadata.Namespace, quota.Metadata.Name, current =>
                    {
                        if (current is not ResourceQuota latest)
                        {
                            throw ApiErrors.NotFound(store.Resource.GroupResource, quota.Metadata.Name);
                        }
                        // Compare-and-swap against the version the check used.
                        latest.Metadata.ResourceVersion = quota.Metadata.ResourceVersion;
                        latest.Status.Used = used;
                        return latest;
                    }, dryRun: false, ttl: null, cancellationToken);
                }
                catch (ApiStatusException e) when (e.Status.Code is 409 or 404)
                {
                    failed.Add(quota.Metadata.Name);
                }
            }
            if (failed.Count == 0)
            {
                return;
            }
            if (attempt >= Retries)
            {
                throw ApiErrors.Conflict(store.Resource.GroupResource, failed[0], ApiErrors.ObjectModifiedMessage);
            }
            // Check again against the fresh versions of the quotas whose update lost (a removed quota limits no more).
            quotas = [];
            foreach (var name in failed)
            {
                try
                {
                    quotas.Add((ResourceQuota)(await store.GetAsync(attributes.Namespace, name, cancellationToken)).Object);
                }
                catch (ApiStatusException e) when (e.Status.Code == 404)
                {
                }
            }
        }
    }

    /// <summary>upstream's CheckRequest: the new status.used of each covering quota the request changes; throws the
    /// 403 when one would be exceeded.</summary>
    public static List<(ResourceQuota Quota, Dictionary<string, Quantity> Used)> Check(AdmissionAttributes attributes, IQuotaEvaluator evaluator,
        IReadOnlyList<ResourceQuota> quotas, IKubeMetaObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(quotas);
        var interesting = new List<ResourceQuota>();
        foreach (var quota in quotas)
        {
            var hard = quota.Status.Hard ?? QuotaMath.Empty();
            if (!QuotaEvaluators.Matches(evaluator, quota, hard, obj))
            {
                continue;
            }
            var restricted = evaluator.MatchingResources(hard.Keys);
            if (evaluator.Constraints(restricted, obj) is { } constraint)
            {
                throw AdmissionErrors.Forbidden(attributes, $"failed quota: {quota.Metadata.Name}: {constraint}");
            }
            var used = quota.Status.Used ?? QuotaMath.Empty();
            var unknown = restricted.Where(r => !used.ContainsKey(r)).Order(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw AdmissionErrors.Forbidden(attributes,
                    $"status unknown for quota: {quota.Metadata.Name}, resources: {string.Join(",", restricted.Order(StringComparer.Ordinal))}");
            }
            interesting.Add(quota);
        }
        var result = new List<(ResourceQuota, Dictionary<string, Quantity>)>();
        if (interesting.Count == 0)
        {
            return result;
        }
        var usage = evaluator.Usage(obj, now);
        if (QuotaMath.IsNegative(usage) is { Count: > 0 } negative)
        {
            throw AdmissionErrors.Forbidden(attributes, $"quota usage is negative for resource(s): {string.Join(",", negative)}");
        }
        Dictionary<string, Quantity>? previous = null;
        if (attributes.Operation == AdmissionOperation.Update && attributes.OldObject is { } old && old.Metadata.ResourceVersion.Length > 0)
        {
            previous = evaluator.Usage(old, now);
        }
        foreach (var quota in interesting)
        {
            var delta = previous is not null && QuotaEvaluators.Matches(evaluator, quota, quota.Status.Hard, attributes.OldObject!)
                ? QuotaMath.SubtractWithNonNegativeResult(usage, previous)
                : usage;
            delta = QuotaMath.RemoveZeros(delta);
            if (delta.Count == 0)
            {
                continue;
            }
            var hard = quota.Status.Hard ?? QuotaMath.Empty();
            var requested = QuotaMath.Mask(delta, hard.Keys);
            var used = quota.Status.Used ?? QuotaMath.Empty();
            var newUsage = QuotaMath.Add(used, requested);
            if (!QuotaMath.LessThanOrEqual(QuotaMath.Mask(newUsage, requested.Keys), hard, out var exceeded))
            {
                throw AdmissionErrors.Forbidden(attributes, $"exceeded quota: {quota.Metadata.Name}, requested: {QuotaMath.PrettyPrint(QuotaMath.Mask(requested, exceeded))}, "
                    + $"used: {QuotaMath.PrettyPrint(QuotaMath.Mask(used, exceeded))}, limited: {QuotaMath.PrettyPrint(QuotaMath.Mask(hard, exceeded))}");
            }
            if (!QuotaMath.Equal(newUsage, used))
            {
                result.Add((quota, newUsage));
            }
        }
        return result;
    }
}
