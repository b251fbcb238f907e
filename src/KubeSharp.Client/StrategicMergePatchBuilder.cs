using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Schema;

namespace KubeSharp.Client;

/// <summary>
/// Builds strategic merge patches as client-go's <c>strategicpatch.CreateTwoWayMergePatch</c> does (what the kubelet's
/// status manager sends for a pod's status): the fields of <c>modified</c> that differ from <c>original</c>, lists with
/// a <c>patchMergeKey</c> diffed element by element (changed elements carry their merge key and the changed fields,
/// added ones whole, removed ones as <c>$patch: delete</c>) with a <c>$setElementOrder/</c> directive, merged primitive
/// lists with <c>$deleteFromPrimitiveList/</c>, everything else replaced when it differs, removed fields as null.
/// Patch strategies and merge keys come from <see cref="ApiSchema"/>.
/// </summary>
public static class StrategicMergePatchBuilder
{
    private const string SetElementOrder = "$setElementOrder/";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";

    /// <summary>The two-way patch from <paramref name="original"/> to <paramref name="modified"/>, both JSON objects of the
    /// type <paramref name="definition"/> describes (null: no schema, every list is replaced when it differs).</summary>
    public static JsonObject CreateTwoWay(JsonObject original, JsonObject modified, SchemaDefinition? definition)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(modified);
        return DiffMaps(original, modified, new Shape(definition, null, false), ApiSchema.Default);
    }

    /// <summary>The schema of a JSON object: a struct (its definition), or a map whose values are <see cref="Values"/>.</summary>
    private readonly record struct Shape(SchemaDefinition? Struct, SchemaDefinition? Values, bool IsMap);

    private static JsonObject DiffMaps(JsonObject original, JsonObject modified, Shape shape, ApiSchema schema)
    {
        var patch = new JsonObject();
        foreach (var (key, modifiedValue) in modified)
        {
            if (!original.TryGetPropertyValue(key, out var originalValue))
            {
                patch[key] = modifiedValue?.DeepClone();
                continue;
            }
            var property = shape.IsMap ? null : shape.Struct?.PropertiesByName.GetValueOrDefault(key);
            if (GoKind(originalValue) != GoKind(modifiedValue))
            {
                patch[key] = modifiedValue?.DeepClone();
                continue;
            }
            var strategies = (property?.PatchStrategy ?? "").Split(',');
            switch (originalValue)
            {
                case JsonObject originalObject:
                    if (strategies.Contains("replace"))
                    {
                        if (!JsonNode.DeepEquals(originalValue, modifiedValue))
                        {
                            patch[key] = modifiedValue!.DeepClone();
                        }
                        break;
                    }
                    var diff = DiffMaps(originalObject, (JsonObject)modifiedValue!, ValueShape(shape, property, schema), schema);
                    if (diff.Count > 0)
                    {
                        patch[key] = diff;
                    }
                    break;
                case JsonArray originalList:
                    DiffLists(key, originalList, (JsonArray)modifiedValue!, property, strategies.Contains("merge") ? property?.PatchMergeKey ?? "" : null, patch, schema);
                    break;
                default:
                    if (!JsonNode.DeepEquals(originalValue, modifiedValue))
                    {
                        patch[key] = modifiedValue?.DeepClone();
                    }
                    break;
            }
        }
        foreach (var (key, _) in original)
        {
            if (!modified.ContainsKey(key))
            {
                patch[key] = null;
            }
        }
        return patch;
    }

    /// <summary>The shape of the object value at a property (a struct's field, or a map's value).</summary>
    private static Shape ValueShape(Shape parent, SchemaProperty? property, ApiSchema schema)
    {
        if (parent.IsMap)
        {
            return new Shape(parent.Values, null, false);
        }
        if (property is null)
        {
            return default;
        }
        if (property.IsMap)
        {
            return new Shape(null, Definition(property.ValuesRef, schema), true);
        }
        return new Shape(Definition(property.Ref, schema), null, false);
    }

    private static SchemaDefinition? Definition(string? reference, ApiSchema schema)
        => reference is not null && schema.TryGetDefinition(reference, out var definition) ? definition : null;

    /// <param name="mergeKey">null: the list is replaced when it differs; "": a merged list of primitives.</param>
    private static void DiffLists(string key, JsonArray original, JsonArray modified, SchemaProperty? property, string? mergeKey, JsonObject patch, ApiSchema schema)
    {
        if (mergeKey is null || (mergeKey.Length > 0 && !AllObjects(original, modified)))
        {
            if (!JsonNode.DeepEquals(original, modified))
            {
                patch[key] = modified.DeepClone();
            }
            return;
        }
        if (mergeKey.Length == 0)
        {
            DiffPrimitiveLists(key, original, modified, patch);
            return;
        }
        var elementShape = new Shape(Definition(property?.ItemsRef, schema), null, false);
        var changes = new JsonArray();
        foreach (var element in modified)
        {
            var modifiedElement = (JsonObject)element!;
            var keyValue = modifiedElement[mergeKey];
            var originalElement = Find(original, mergeKey, keyValue);
            if (originalElement is null)
            {
                changes.Add(modifiedElement.DeepClone());
                continue;
            }
            var diff = DiffMaps(originalElement, modifiedElement, elementShape, schema);
            if (diff.Count > 0)
            {
                diff[mergeKey] = keyValue?.DeepClone();
                changes.Add((JsonNode)diff);
            }
        }
        var deletions = 0;
        foreach (var element in original)
        {
            var originalElement = (JsonObject)element!;
            if (Find(modified, mergeKey, originalElement[mergeKey]) is null)
            {
                changes.Add((JsonNode)new JsonObject { [mergeKey] = originalElement[mergeKey]?.DeepClone(), ["$patch"] = "delete" });
                deletions++;
            }
        }
        if (changes.Count > 0 || !SameOrder(original, modified, mergeKey))
        {
            var order = new JsonArray();
            foreach (var element in modified)
            {
                order.Add((JsonNode)new JsonObject { [mergeKey] = element![mergeKey]?.DeepClone() });
            }
            patch[SetElementOrder + key] = order;
        }
        if (changes.Count > 0)
        {
            patch[key] = changes;
        }
    }

    private static void DiffPrimitiveLists(string key, JsonArray original, JsonArray modified, JsonObject patch)
    {
        var added = new JsonArray();
        foreach (var element in modified)
        {
            if (!original.Any(o => JsonNode.DeepEquals(o, element)))
            {
                added.Add(element?.DeepClone());
            }
        }
        var deleted = new JsonArray();
        foreach (var element in original)
        {
            if (!modified.Any(m => JsonNode.DeepEquals(m, element)))
            {
                deleted.Add(element?.DeepClone());
            }
        }
        var sameOrder = original.Count == modified.Count && original.Select((o, i) => JsonNode.DeepEquals(o, modified[i])).All(same => same);
        if (added.Count > 0 || deleted.Count > 0 || !sameOrder)
        {
            patch[SetElementOrder + key] = modified.DeepClone();
        }
        if (added.Count > 0)
        {
            patch[key] = added;
        }
        if (deleted.Count > 0)
        {
            patch[DeleteFromPrimitiveList + key] = deleted;
        }
    }

    private static bool AllObjects(JsonArray a, JsonArray b) => a.All(e => e is JsonObject) && b.All(e => e is JsonObject);

    private static JsonObject? Find(JsonArray list, string mergeKey, JsonNode? value)
    {
        foreach (var element in list)
        {
            if (element is JsonObject o && JsonNode.DeepEquals(o[mergeKey], value))
            {
                return o;
            }
        }
        return null;
    }

    private static bool SameOrder(JsonArray original, JsonArray modified, string mergeKey)
    {
        if (original.Count != modified.Count)
        {
            return false;
        }
        for (var i = 0; i < original.Count; i++)
        {
            if (!JsonNode.DeepEquals(original[i]?[mergeKey], modified[i]?[mergeKey]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Go's dynamic type of a decoded JSON value: null, bool, number, string, map or slice.</summary>
    private static JsonValueKind GoKind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => JsonValueKind.Null,
        JsonValueKind.True or JsonValueKind.False => JsonValueKind.True,
        var kind => kind.Value,
    };
}
