using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Manifests;
using KubeSharp.Api.Schema;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// Server-side apply (<c>application/apply-patch+yaml</c>) with structured-merge-diff's ownership model: the applied
/// configuration is merged into the live object; the applier's managedFields entry becomes the configuration's field
/// set; fields the applier stopped setting are removed when no other manager owns them; fields another manager owns
/// with a different value are conflicts (409 with <c>FieldManagerConflict</c> causes) unless forced, in which case
/// ownership moves to the applier.
/// </summary>
public static class ServerSideApply
{
    /// <summary>The manager upstream gives the fields of an object that had no managed fields before its first apply.</summary>
    public const string BeforeFirstApplyManager = "before-first-apply";

    /// <summary>
    /// Decodes the request body as upstream does (YAML, of which JSON is a subset; <c>error decoding YAML: …</c> as a
    /// 400 when it is malformed or not a map) and applies it; see <see cref="Apply(JsonObject?, JsonObject, ManagedFieldsContext, SchemaDefinition, ApiSchema?)"/>.
    /// </summary>
    public static PatchResult Apply(JsonObject? live, ReadOnlySpan<byte> body, ManagedFieldsContext context, SchemaDefinition kind, ApiSchema? schema = null)
    {
        JsonNode? decoded;
        try
        {
            decoded = JsonNode.Parse(YamlToJson.Convert(body, strict: false));
        }
        catch (ManifestException e)
        {
            return PatchResult.Failure(PatchError.BadRequest("error decoding YAML: " + e.Message));
        }
        return decoded switch
        {
            null => Apply(live, new JsonObject(), context, kind, schema),
            JsonObject obj => Apply(live, obj, context, kind, schema),
            _ => PatchResult.Failure(PatchError.BadRequest(
                $"error decoding YAML: json: cannot unmarshal {GoJsonDecoder.KindName(decoded)} into Go value of type map[string]interface {{}}")),
        };
    }

    /// <summary>
    /// Applies <paramref name="applied"/> (the decoded request body) to <paramref name="live"/>, or to an empty object
    /// when <paramref name="live"/> is null (the caller then creates it and answers 201). The result carries the
    /// updated <c>metadata.managedFields</c>; when nothing changed it is the live object and the applier's time is kept.
    /// </summary>
    public static PatchResult Apply(JsonObject? live, JsonObject applied, ManagedFieldsContext context, SchemaDefinition kind, ApiSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(kind);

        var patchVersion = applied["apiVersion"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";
        if (patchVersion != context.ApiVersion)
        {
            return PatchResult.Failure(PatchError.BadRequest(
                $"Incorrect version specified in apply patch. Specified patch version: {patchVersion}, expected: {context.ApiVersion}"));
        }
        if (applied["metadata"] is JsonObject appliedMeta && appliedMeta["managedFields"] is not null)
        {
            return PatchResult.Failure(PatchError.BadRequest("metadata.managedFields must be nil"));
        }

        var entries = ManagedFieldsEntry.DecodeAll(live);
        if (entries is null)
        {
            return PatchResult.Failure(PatchError.Internal("failed to decode managed fields: invalid managedFields entry"));
        }

        schema ??= ApiSchema.Default;
        var type = SsaType.ForDefinition(schema, kind);
        var liveObject = live is null ? SsaZeroObject.Of(schema, kind) : ManagedFieldsTracker.WithoutManagedFields(live);
        try
        {
            if (live is not null && entries.Count == 0)
            {
                entries.Add(new ManagedFieldsEntry
                {
                    Manager = BeforeFirstApplyManager,
                    Operation = ManagedFieldsEntry.Update,
                    ApiVersion = context.ApiVersion,
                    Set = ManagedFieldsTracker.Clean(SsaWalker.ToFieldSet(liveObject, type), context),
                });
                entries.RemoveAll(e => e.Set.IsEmpty);
            }
            return Apply(liveObject, applied, entries, context, type);
        }
        catch (SsaFailure failure)
        {
            return PatchResult.Failure(PatchError.Internal(failure.Message));
        }
    }

    private static PatchResult Apply(JsonObject liveObject, JsonObject applied, List<ManagedFieldsEntry> entries, ManagedFieldsContext context, SsaType type)
    {
        var identity = ManagedFieldsEntry.IdentityOf(context.Manager, ManagedFieldsEntry.Apply, context.ApiVersion, context.Subresource);
        var applier = entries.FirstOrDefault(e => e.Identity == identity);
        var lastSet = applier?.Set ?? new FieldSet();
        var configSet = ManagedFieldsTracker.Clean(SsaWalker.ToFieldSet(applied, type), context);

        var merged = SsaMerge.Merge(liveObject, applied, type, FieldPath.Root) as JsonObject ?? new JsonObject();
        if (applier is null)
        {
            applier = new ManagedFieldsEntry
            {
                Manager = context.Manager,
                Operation = ManagedFieldsEntry.Apply,
                ApiVersion = context.ApiVersion,
                Subresource = context.Subresource,
                Set = configSet,
            };
            entries.Add(applier);
        }
        applier.Set = configSet;
        applier.ApiVersion = context.ApiVersion;

        if (!lastSet.IsEmpty)
        {
            var owned = entries.Aggregate(new FieldSet(), (all, e) => all.Union(e.Set));
            var removal = SsaWalker.EnsureNamedFieldsAreMembers(lastSet, type)
                .Difference(SsaWalker.EnsureNamedFieldsAreMembers(owned, type));
            SsaWalker.Remove(merged, removal.Paths, type);
        }

        var (changedOrAdded, removed) = SsaWalker.Compare(liveObject, merged, type);
        var changed = ManagedFieldsTracker.WithoutReset(changedOrAdded, context);
        var conflicts = ManagedFieldsTracker.TransferOwnership(entries, identity, changed, ManagedFieldsTracker.WithoutReset(removed, context), context.Force);
        if (conflicts.Count > 0)
        {
            return PatchResult.Failure(ApplyConflict.Error(conflicts));
        }
        entries.RemoveAll(e => e.Set.IsEmpty);

        var result = JsonNode.DeepEquals(liveObject, merged) ? liveObject : merged;
        if (!ReferenceEquals(result, liveObject) && entries.Contains(applier))
        {
            applier.Time = ManagedFieldsEntry.FormatTime(context.Now);
        }
        ManagedFieldsTracker.Write(result, entries);
        return PatchResult.Success(result);
    }
}
