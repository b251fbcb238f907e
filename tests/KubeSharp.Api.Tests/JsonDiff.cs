using System.Text.Json.Nodes;

namespace KubeSharp.Api.Tests;

/// <summary>Finds the first difference between two JSON trees, for readable assertion messages.</summary>
public static class JsonDiff
{
    /// <summary>A description of the first difference, or null when equal.</summary>
    public static string? First(JsonNode? expected, JsonNode? actual, string path)
    {
        if (JsonNode.DeepEquals(expected, actual))
        {
            return null;
        }
        if (expected is JsonObject eo && actual is JsonObject ao)
        {
            foreach (var (key, value) in eo)
            {
                if (!ao.ContainsKey(key))
                {
                    return $"{path}.{key}: missing in output (expected {value?.ToJsonString()})";
                }
                if (First(value, ao[key], $"{path}.{key}") is { } d)
                {
                    return d;
                }
            }
            foreach (var (key, value) in ao)
            {
                if (!eo.ContainsKey(key))
                {
                    return $"{path}.{key}: unexpected in output ({value?.ToJsonString()})";
                }
            }
        }
        if (expected is JsonArray ea && actual is JsonArray aa && ea.Count == aa.Count)
        {
            for (var i = 0; i < ea.Count; i++)
            {
                if (First(ea[i], aa[i], $"{path}[{i}]") is { } d)
                {
                    return d;
                }
            }
        }
        return $"{path}: expected {expected?.ToJsonString() ?? "null"}, got {actual?.ToJsonString() ?? "null"}";
    }
}
