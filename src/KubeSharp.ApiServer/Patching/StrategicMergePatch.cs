using System.Text.Json.Nodes;
using KubeSharp.Api.Schema;
using GoMap = System.Collections.Generic.OrderedDictionary<string, object?>;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// Kubernetes strategic merge patch as the API server applies it (apimachinery <c>StrategicMergeMapPatch</c>),
/// driven by the patch metadata of the kind's schema definition: lists with <c>patchStrategy: merge</c> merge by
/// their <c>patchMergeKey</c> (or as sets for primitives), other lists and <c>replace</c> fields are replaced;
/// directives <c>$patch</c> (replace/delete on maps and list items), <c>$setElementOrder/&lt;list&gt;</c>,
/// <c>$retainKeys</c> and <c>$deleteFromPrimitiveList/&lt;list&gt;</c>; <c>null</c> deletes a field.
/// Errors are answered as upstream's patch handler does: malformed directives 400, lists of lists 422,
/// anything else (missing merge keys, unknown directives, type clashes) 500 with the raw message.
/// </summary>
public static class StrategicMergePatch
{
    /// <summary>The 400 answered for kinds without a Go type (custom resources).</summary>
    public const string UnsupportedMessage = "strategic merge patch format is not supported";

    /// <summary>
    /// Decodes <paramref name="patchUtf8"/> as upstream does (a JSON object; <c>null</c> is an empty patch) and applies it
    /// to a copy of <paramref name="original"/>. A patch that is not a JSON object is a 400 with Go's decoding error.
    /// </summary>
    /// <param name="original">The current object's JSON.</param>
    /// <param name="patchUtf8">The request body.</param>
    /// <param name="kind">The definition of the object's kind; null for custom resources (always a 400).</param>
    /// <param name="schema">The schema that holds <paramref name="kind"/> (default: <see cref="ApiSchema.Default"/>).</param>
    public static PatchResult Apply(JsonObject original, ReadOnlySpan<byte> patchUtf8, SchemaDefinition? kind, ApiSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        if (!GoJsonDecoder.TryParse(patchUtf8, out var patch, out var error))
        {
            return PatchResult.Failure(PatchError.BadRequest(error));
        }
        return patch switch
        {
            null => Apply(original, (JsonObject?)null, kind, schema),
            JsonObject patchObject => Apply(original, patchObject, kind, schema),
            _ => PatchResult.Failure(PatchError.BadRequest(
                $"json: cannot unmarshal {GoJsonDecoder.KindName(patch)} into Go value of type map[string]interface {{}}")),
        };
    }

    /// <summary>Applies a decoded patch to a copy of <paramref name="original"/>; the result is a <see cref="JsonObject"/>.</summary>
    public static PatchResult Apply(JsonObject original, JsonObject? patch, SchemaDefinition? kind, ApiSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        if (kind is null)
        {
            return PatchResult.Failure(PatchError.BadRequest(UnsupportedMessage));
        }

        var root = SmpSchema.ForDefinition(schema ?? ApiSchema.Default, kind);
        var originalMap = (GoMap)GoJson.FromNode(original)!;
        var patchMap = patch is null ? new GoMap(StringComparer.Ordinal) : (GoMap)GoJson.FromNode(patch)!;
        try
        {
            var merged = StrategicMerger.MergeMap(originalMap, patchMap, root);
            return PatchResult.Success(GoJson.ToObject(merged));
        }
        catch (SmpFailure failure)
        {
            return PatchResult.Failure(failure.ToPatchError());
        }
    }
}
