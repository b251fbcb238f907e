using System.Text.Json.Nodes;
using KubeSharp.Api.Schema;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// Managed-fields tracking for ordinary writes (create, update, JSON/merge/strategic patches): upstream's
/// <c>FieldManager.UpdateNoErrors</c>. The writing manager's Update entry gains the fields it changed or added and
/// other managers lose them; fields that disappeared are dropped from every entry.
/// </summary>
public static class ManagedFields
{
    /// <summary>
    /// Returns <paramref name="newObj"/> with <c>metadata.managedFields</c> updated for an Update by
    /// <see cref="ManagedFieldsContext.Manager"/>. <paramref name="oldObj"/> is null on create. Managed fields sent in
    /// the request replace the live ones (an empty list resets them), except on subresources; on an internal
    /// failure the object is returned without managed fields, as upstream does.
    /// </summary>
    public static JsonObject UpdateForUpdate(JsonObject? oldObj, JsonObject newObj, ManagedFieldsContext context, SchemaDefinition kind, ApiSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(newObj);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(kind);

        var entries = DecodeLiveOrNew(oldObj, newObj, context.Subresource.Length > 0);
        schema ??= ApiSchema.Default;
        var liveObject = oldObj is null ? SsaZeroObject.Of(schema, kind) : ManagedFieldsTracker.WithoutManagedFields(oldObj);
        var result = ManagedFieldsTracker.WithoutManagedFields(newObj);
        var type = SsaType.ForDefinition(schema, kind);
        try
        {
            var (added, removed, modified) = SsaWalker.Compare(liveObject, result, type);
            var changed = ManagedFieldsTracker.WithoutReset(modified.Union(added), context);
            var gone = ManagedFieldsTracker.WithoutReset(removed, context);
            var identity = ManagedFieldsEntry.IdentityOf(context.Manager, ManagedFieldsEntry.Update, context.ApiVersion, context.Subresource);
            ManagedFieldsTracker.TransferOwnership(entries, identity, changed, gone, force: true);

            var own = ManagedFieldsTracker.Clean(changed, context);
            var updater = entries.FirstOrDefault(e => e.Identity == identity);
            if (updater is not null)
            {
                updater.Set = updater.Set.Difference(gone).Union(own);
            }
            else if (!own.IsEmpty)
            {
                updater = new ManagedFieldsEntry
                {
                    Manager = context.Manager,
                    Operation = ManagedFieldsEntry.Update,
                    ApiVersion = context.ApiVersion,
                    Subresource = context.Subresource,
                    Set = own,
                };
                entries.Add(updater);
            }
            if (updater is not null && !own.IsEmpty)
            {
                updater.Time = ManagedFieldsEntry.FormatTime(context.Now);
            }
            entries.RemoveAll(e => e.Set.IsEmpty);
            ManagedFieldsTracker.Write(result, entries);
            return result;
        }
        catch (SsaFailure)
        {
            return result;
        }
    }

    /// <summary>Upstream's <c>decodeLiveOrNew</c>.</summary>
    private static List<ManagedFieldsEntry> DecodeLiveOrNew(JsonObject? oldObj, JsonObject newObj, bool subresource)
    {
        if (subresource)
        {
            return ManagedFieldsEntry.DecodeAll(oldObj) ?? [];
        }
        if (newObj["metadata"]?["managedFields"] is JsonArray requested
            && (requested.Count == 0 || (requested.Count == 1 && requested[0] is JsonObject { Count: 0 })))
        {
            return [];
        }
        var fromRequest = ManagedFieldsEntry.DecodeAll(newObj);
        if (fromRequest is null || fromRequest.Count == 0)
        {
            return ManagedFieldsEntry.DecodeAll(oldObj) ?? [];
        }
        return fromRequest;
    }
}
