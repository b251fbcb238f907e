using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// RFC 7386 JSON merge patch as the API server applies it (evanphx/json-patch v4 <c>MergePatch</c>): members set to
/// <c>null</c> are deleted, objects merge recursively, everything else (arrays included) replaces. Nulls inside a
/// value that is copied in (a new member, or one replacing a non-object) are pruned, arrays included.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>evanphx's <c>ErrBadJSONPatch</c>, answered as 400.</summary>
    public const string InvalidPatchMessage = "Invalid JSON Patch";

    /// <summary>evanphx's <c>ErrBadJSONDoc</c>; upstream lets it through as a 500.</summary>
    public const string InvalidDocumentMessage = "Invalid JSON Document";

    /// <summary>Decodes the patch and merges it into a copy of <paramref name="document"/>.</summary>
    public static PatchResult Apply(JsonNode? document, ReadOnlySpan<byte> patchUtf8)
    {
        if (!GoJsonDecoder.TryParse(patchUtf8, out var patch, out _))
        {
            return PatchResult.Failure(PatchError.BadRequest(InvalidPatchMessage));
        }
        return Apply(document, patch);
    }

    /// <summary>Merges a decoded patch into a copy of <paramref name="document"/>.</summary>
    public static PatchResult Apply(JsonNode? document, JsonNode? patch)
    {
        if (document is null)
        {
            return PatchResult.Failure(PatchError.Internal(InvalidDocumentMessage));
        }
        switch (patch)
        {
            case null:
                return PatchResult.Failure(PatchError.BadRequest(InvalidPatchMessage));
            case JsonObject patchObject when document is JsonObject documentObject:
                var result = (JsonObject)documentObject.DeepClone();
                MergeObjects(result, (JsonObject)patchObject.DeepClone());
                return PatchResult.Success(result);
            case JsonObject patchObject:
                // The document is not an object: the patch, without its nulls, is the result.
                var replaced = patchObject.DeepClone();
                PruneNulls(replaced);
                return PatchResult.Success(replaced);
            case JsonArray patchArray:
                var array = patchArray.DeepClone();
                PruneNulls(array);
                return PatchResult.Success(array);
            default:
                return PatchResult.Failure(PatchError.BadRequest(InvalidPatchMessage));
        }
    }

    private static void MergeObjects(JsonObject document, JsonObject patch)
    {
        foreach (var key in patch.Select(p => p.Key).ToList())
        {
            var value = patch[key];
            patch.Remove(key);
            if (value is null)
            {
                document.Remove(key);
                continue;
            }
            if (!document.TryGetPropertyValue(key, out var current) || current is null)
            {
                PruneNulls(value);
                document[key] = value;
                continue;
            }
            document[key] = null; // detaches the current value so that it can be re-attached merged
            document[key] = Merge(current, value);
        }
    }

    private static JsonNode Merge(JsonNode current, JsonNode patch)
    {
        if (current is not JsonObject currentObject)
        {
            PruneNulls(patch);
            return patch;
        }
        if (patch is not JsonObject patchObject)
        {
            return patch;
        }
        MergeObjects(currentObject, patchObject);
        return currentObject;
    }

    private static void PruneNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is null)
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        PruneNulls(obj[key]);
                    }
                }
                break;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (array[i] is null)
                    {
                        array.RemoveAt(i);
                    }
                    else
                    {
                        PruneNulls(array[i]);
                    }
                }
                break;
        }
    }
}
