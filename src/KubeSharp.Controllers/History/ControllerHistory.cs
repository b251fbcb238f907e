using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Client;
using KubeSharp.Controllers.Infrastructure;

namespace KubeSharp.Controllers.History;

/// <summary>
/// ControllerRevisions as the history of a DaemonSet's or StatefulSet's template (upstream pkg/controller/history):
/// a revision is named <c>&lt;parent&gt;-&lt;hash of its data&gt;</c>, labelled with that hash, owned by its parent, and
/// numbered; a name collision with different data bumps the parent's collisionCount and probes again.
/// </summary>
public static class ControllerHistory
{
    /// <summary>The label holding a revision's hash (controller.kubernetes.io/hash).</summary>
    public const string HashLabel = "controller.kubernetes.io/hash";

    /// <summary>Upstream's cap on the name prefix, so the name with its hash stays a valid DNS subdomain.</summary>
    private const int MaxPrefixLength = 223;

    /// <summary>The revision name for <paramref name="prefix"/> (the parent's name) and <paramref name="hash"/>.</summary>
    public static string RevisionName(string prefix, string hash)
        => (prefix.Length > MaxPrefixLength ? prefix[..MaxPrefixLength] : prefix) + "-" + hash;

    /// <summary>The hash of a revision's data, probed with <paramref name="collisionCount"/> (HashControllerRevision).</summary>
    public static string Hash(ControllerRevision revision, int? collisionCount)
        => ObjectHash.Compute(revision.Data.Raw ?? [], collisionCount);

    /// <summary>
    /// A new revision of <paramref name="parent"/> (NewControllerRevision): the template's labels, a controller owner
    /// reference, the data and number, named and labelled by its hash.
    /// </summary>
    public static ControllerRevision NewRevision(ObjectMeta parent, string parentApiVersion, string parentKind, IReadOnlyDictionary<string, string>? templateLabels, RawExtension data, long revision, int? collisionCount)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in templateLabels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }
        var result = new ControllerRevision
        {
            ApiVersion = ControllerRevision.KubeApiVersion,
            Kind = ControllerRevision.KubeKind,
            Metadata = new ObjectMeta
            {
                Namespace = parent.Namespace,
                Labels = labels,
                OwnerReferences = [OwnerReferences.NewControllerRef(parent, parentApiVersion, parentKind)],
            },
            Data = data,
            Revision = revision,
        };
        var hash = Hash(result, collisionCount);
        result.Metadata.Name = RevisionName(parent.Name, hash);
        labels[HashLabel] = hash;
        return result;
    }

    /// <summary>Sorts by revision number, then creation time, then name (SortControllerRevisions).</summary>
    public static List<ControllerRevision> Sorted(IEnumerable<ControllerRevision> revisions)
        => [.. revisions
            .OrderBy(r => r.Revision)
            .ThenBy(r => r.Metadata.CreationTimestamp)
            .ThenBy(r => r.Metadata.Name, StringComparer.Ordinal)];

    /// <summary>Whether two revisions hold the same data (EqualRevision: hash labels first, then the data itself).</summary>
    public static bool EqualRevision(ControllerRevision? left, ControllerRevision? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }
        if (left.Metadata.Labels?.GetValueOrDefault(HashLabel) is { } lh
            && right.Metadata.Labels?.GetValueOrDefault(HashLabel) is { } rh
            && !string.Equals(lh, rh, StringComparison.Ordinal))
        {
            return false;
        }
        return EqualData(left.Data, right.Data);
    }

    /// <summary>The revisions in <paramref name="revisions"/> equal to <paramref name="needle"/> (FindEqualRevisions).</summary>
    public static List<ControllerRevision> FindEqual(IEnumerable<ControllerRevision> revisions, ControllerRevision needle)
        => [.. revisions.Where(r => EqualRevision(r, needle))];

    /// <summary>The highest revision number, 0 for none (MaxRevision).</summary>
    public static long MaxRevision(IEnumerable<ControllerRevision> revisions)
        => revisions.Select(r => r.Revision).DefaultIfEmpty(0).Max();

    /// <summary>The number the next revision gets (NextRevision).</summary>
    public static long NextRevision(IEnumerable<ControllerRevision> revisions) => MaxRevision(revisions) + 1;

    /// <summary>The revisions controlled by the parent with <paramref name="parentUid"/>.</summary>
    public static List<ControllerRevision> OwnedBy(IEnumerable<ControllerRevision> revisions, string parentUid)
        => [.. revisions.Where(r => OwnerReferences.GetControllerOf(r.Metadata)?.Uid == parentUid)];

    /// <summary>
    /// Creates <paramref name="revision"/> in the parent's namespace (CreateControllerRevision): on a name collision
    /// with an existing revision of equal data that one is returned; with different data
    /// <paramref name="collisionCount"/> is bumped (the caller persists it in the parent's status) and the name is
    /// probed again.
    /// </summary>
    public static async Task<ControllerRevision> CreateAsync(KubernetesClient client, ObjectMeta parent, ControllerRevision revision, StrongBox<int> collisionCount, CancellationToken cancellationToken)
    {
        var revisions = client.Resource<ControllerRevision>(parent.Namespace);
        while (true)
        {
            var clone = revision.DeepCopy();
            var hash = Hash(clone, collisionCount.Value);
            clone.Metadata.Name = RevisionName(parent.Name, hash);
            clone.Metadata.Namespace = parent.Namespace;
            clone.Metadata.Labels ??= [];
            clone.Metadata.Labels[HashLabel] = hash;
            try
            {
                return await revisions.CreateAsync(clone, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsAlreadyExists)
            {
                var existing = await revisions.GetAsync(clone.Metadata.Name, cancellationToken: cancellationToken);
                if (EqualData(existing.Data, clone.Data))
                {
                    return existing;
                }
                collisionCount.Value++;
            }
        }
    }

    /// <summary>Data equality on the JSON meaning (the server may re-encode what it stores).</summary>
    private static bool EqualData(RawExtension left, RawExtension right)
    {
        if (left.Raw is null || right.Raw is null)
        {
            return left.Raw is null && right.Raw is null;
        }
        if (left.Raw.AsSpan().SequenceEqual(right.Raw))
        {
            return true;
        }
        return JsonNode.DeepEquals(JsonNode.Parse(left.Raw), JsonNode.Parse(right.Raw));
    }
}
