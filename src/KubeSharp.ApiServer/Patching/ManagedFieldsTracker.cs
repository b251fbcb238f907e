using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patching;

/// <summary>Shared steps of apply and update tracking: metadata stripping, reset fields, ownership transfer, encoding.</summary>
internal static class ManagedFieldsTracker
{
    /// <summary>Upstream's stripped metadata: these paths are never recorded as owned.</summary>
    private static readonly FieldSet s_stripped = new(
    [
        FieldPath.Of("apiVersion"),
        FieldPath.Of("kind"),
        FieldPath.Of("metadata"),
        FieldPath.Of("metadata", "name"),
        FieldPath.Of("metadata", "namespace"),
        FieldPath.Of("metadata", "creationTimestamp"),
        FieldPath.Of("metadata", "selfLink"),
        FieldPath.Of("metadata", "uid"),
        FieldPath.Of("metadata", "clusterName"),
        FieldPath.Of("metadata", "generation"),
        FieldPath.Of("metadata", "managedFields"),
        FieldPath.Of("metadata", "resourceVersion"),
    ]);

    /// <summary>A set without stripped metadata and without anything under the reset fields.</summary>
    public static FieldSet Clean(FieldSet set, ManagedFieldsContext context)
        => WithoutReset(set.Difference(s_stripped), context);

    /// <summary>Upstream's stripped metadata: paths never recorded as owned (all of them one or two elements long).</summary>
    public static FieldSet Stripped => s_stripped;

    public static FieldSet WithoutReset(FieldSet set, ManagedFieldsContext context)
        => set.WithoutPrefixes(context.EffectiveResetPaths);

    /// <summary>A copy of the object without <c>metadata.managedFields</c>.</summary>
    public static JsonObject WithoutManagedFields(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        return copy;
    }

    /// <summary>
    /// Upstream's <c>update</c>: every manager but <paramref name="workflowIdentity"/> loses the fields that changed or
    /// were added (the conflicts, returned) and those removed; managers left with nothing are dropped.
    /// </summary>
    public static List<(ManagedFieldsEntry Entry, FieldSet Conflicts)> TransferOwnership(
        List<ManagedFieldsEntry> entries, string workflowIdentity, FieldSet changed, FieldSet removed, bool force)
    {
        var conflicts = new List<(ManagedFieldsEntry, FieldSet)>();
        foreach (var entry in entries)
        {
            if (force || entry.Identity == workflowIdentity)
            {
                // Forced: the conflicts are not reported, so they need not be worked out.
                continue;
            }
            var conflict = entry.Set.Intersection(changed);
            if (!conflict.IsEmpty)
            {
                conflicts.Add((entry, conflict));
            }
        }
        if (conflicts.Count > 0)
        {
            return conflicts;
        }
        foreach (var entry in entries)
        {
            if (entry.Identity != workflowIdentity)
            {
                entry.Set = entry.Set.Difference(changed).Difference(removed);
            }
        }
        entries.RemoveAll(e => e.Set.IsEmpty);
        return [];
    }

    /// <summary>
    /// <see cref="TransferOwnership"/> forced, for an Update by <paramref name="manager"/>: every other entry loses
    /// <paramref name="changed"/>, <paramref name="alsoChanged"/> and <paramref name="removed"/>; entries left with
    /// nothing are dropped.
    /// </summary>
    /// <remarks>The changed paths come in two sets (their union is what is taken).</remarks>
    public static void TakeOwnership(List<ManagedFieldsEntry> entries, string manager, string apiVersion, string subresource,
        FieldSet changed, FieldSet alsoChanged, FieldSet removed)
    {
        foreach (var entry in entries)
        {
            if (!entry.Is(manager, ManagedFieldsEntry.Update, apiVersion, subresource))
            {
                entry.Set = entry.Set.Difference(changed).Difference(alsoChanged).Difference(removed);
            }
        }
        entries.RemoveAll(e => e.Set.IsEmpty);
    }

    /// <summary>Writes the entries into <c>metadata.managedFields</c> (removed when there are none).</summary>
    public static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        var list = entries.ToList();
        if (obj["metadata"] is not JsonObject metadata)
        {
            if (list.Count == 0)
            {
                return;
            }
            metadata = new JsonObject();
            obj["metadata"] = metadata;
        }
        if (list.Count == 0)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = ManagedFieldsEntry.EncodeAll(list);
        }
    }
}
