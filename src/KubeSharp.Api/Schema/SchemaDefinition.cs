using System.Text.Json;

namespace KubeSharp.Api.Schema;

/// <summary>One schema definition (a Go struct or special type).</summary>
public sealed class SchemaDefinition
{
    internal SchemaDefinition(string modelName, JsonElement raw)
    {
        ModelName = modelName;
        Raw = raw;
        SpecialKind = raw.TryGetProperty("x-kind", out var kind) ? kind.GetString() : null;
        var properties = new List<SchemaProperty>();
        if (raw.TryGetProperty("properties", out var props))
        {
            foreach (var p in props.EnumerateObject())
            {
                properties.Add(new SchemaProperty(p.Name, p.Value));
            }
        }
        Properties = properties;
        PropertiesByName = properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var gvks = new List<(string, string, string)>();
        if (raw.TryGetProperty("x-kubernetes-group-version-kind", out var list))
        {
            foreach (var gvk in list.EnumerateArray())
            {
                gvks.Add((gvk.GetProperty("group").GetString()!, gvk.GetProperty("version").GetString()!, gvk.GetProperty("kind").GetString()!));
            }
        }
        GroupVersionKinds = gvks;
        Required = raw.TryGetProperty("required", out var req) ? req.EnumerateArray().Select(r => r.GetString()!).ToArray() : [];
    }

    /// <summary>The model name, e.g. <c>io.k8s.api.core.v1.Pod</c>.</summary>
    public string ModelName { get; }

    /// <summary>For hand-written special types: quantity, int-or-string, time, micro-time, duration,
    /// raw-extension, fields-v1, json, group-version, json-schema-props-or-*; null for structs.</summary>
    public string? SpecialKind { get; }

    /// <summary>Properties in Go field order.</summary>
    public IReadOnlyList<SchemaProperty> Properties { get; }

    public IReadOnlyDictionary<string, SchemaProperty> PropertiesByName { get; }

    /// <summary>JSON names of required properties (kube-openapi's rule).</summary>
    public IReadOnlyList<string> Required { get; }

    /// <summary>The kinds registered with this type.</summary>
    public IReadOnlyList<(string Group, string Version, string Kind)> GroupVersionKinds { get; }

    /// <summary>The raw definition object.</summary>
    public JsonElement Raw { get; }

    public override string ToString() => ModelName;
}
