using System.Text;
using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.ApiServer.Validation;

/// <summary>
/// Semantic equality of API values without reflection: two values are equal when their canonical JSON is
/// equal (quantities print canonically, omitted empty fields compare equal), close to upstream's
/// <c>apiequality.Semantic.DeepEqual</c>. Also renders a compact field diff for Forbidden messages.
/// </summary>
internal static class ApiEquality
{
    /// <summary>Whether two values (either may be null) serialize identically.</summary>
    public static bool Equal<T>(T? a, T? b) where T : class, IJsonModel<T>
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return KubeJson.SerializeToUtf8Bytes(a).AsSpan().SequenceEqual(KubeJson.SerializeToUtf8Bytes(b));
    }

    /// <summary>
    /// A diff in the spirit of go-cmp's output (go-cmp's exact text is deliberately unstable): the top-level
    /// JSON fields that differ, old value prefixed <c>-</c>, new value prefixed <c>+</c>.
    /// </summary>
    public static string Diff<T>(string typeName, T oldValue, T newValue) where T : class, IJsonModel<T>
    {
        using var oldDoc = JsonDocument.Parse(KubeJson.SerializeToUtf8Bytes(oldValue));
        using var newDoc = JsonDocument.Parse(KubeJson.SerializeToUtf8Bytes(newValue));
        var oldProps = oldDoc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
        var newProps = newDoc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
        var keys = oldProps.Keys.Union(newProps.Keys, StringComparer.Ordinal).ToList();
        keys.Sort(StringComparer.Ordinal);
        var sb = new StringBuilder("  ").Append(typeName).Append("{\n");
        foreach (var key in keys)
        {
            oldProps.TryGetValue(key, out var o);
            newProps.TryGetValue(key, out var n);
            if (o == n)
            {
                continue;
            }

            if (o is not null)
            {
                sb.Append("- \t").Append(key).Append(": ").Append(o).Append(",\n");
            }

            if (n is not null)
            {
                sb.Append("+ \t").Append(key).Append(": ").Append(n).Append(",\n");
            }
        }

        return sb.Append("  }\n").ToString();
    }
}
