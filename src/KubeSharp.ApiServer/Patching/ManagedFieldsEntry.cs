using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patching;

/// <summary>One decoded <c>metadata.managedFields</c> entry.</summary>
internal sealed class ManagedFieldsEntry
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public required string Manager { get; init; }

    public required string Operation { get; init; }

    public required string ApiVersion { get; set; }

    public string? Time { get; set; }

    public string Subresource { get; init; } = "";

    public required FieldSet Set { get; set; }

    /// <summary>Upstream's manager identifier: Apply entries ignore the API version, Update entries include it.</summary>
    public string Identity => $"{Manager}\u0000{Operation}\u0000{(Operation == Apply ? "" : ApiVersion)}\u0000{Subresource}";

    public static string IdentityOf(string manager, string operation, string apiVersion, string subresource)
        => $"{manager}\u0000{operation}\u0000{(operation == Apply ? "" : apiVersion)}\u0000{subresource}";

    /// <summary>Upstream's <c>printManager</c>: <c>"name"</c>, plus <c>with subresource "s"</c>, plus <c>using v1</c> for Update entries.</summary>
    public string Printed
    {
        get
        {
            var text = GoFmt.Quote(Manager);
            if (Subresource.Length > 0)
            {
                text += " with subresource " + GoFmt.Quote(Subresource);
            }
            return Operation == Update ? $"{text} using {ApiVersion}" : text;
        }
    }

    /// <summary>Decodes <c>metadata.managedFields</c>; null when an entry is malformed.</summary>
    public static List<ManagedFieldsEntry>? DecodeAll(JsonObject? obj)
    {
        var result = new List<ManagedFieldsEntry>();
        if (obj?["metadata"]?["managedFields"] is not JsonArray entries)
        {
            return result;
        }
        foreach (var node in entries)
        {
            if (node is not JsonObject entry)
            {
                return null;
            }
            var set = entry["fieldsV1"] is { } fields ? FieldSet.FromFieldsV1(fields) : new FieldSet();
            if (set is null || Str(entry, "fieldsType") is not (null or "FieldsV1"))
            {
                return null;
            }
            result.Add(new ManagedFieldsEntry
            {
                Manager = Str(entry, "manager") ?? "",
                Operation = Str(entry, "operation") ?? "",
                ApiVersion = Str(entry, "apiVersion") ?? "",
                Time = Str(entry, "time"),
                Subresource = Str(entry, "subresource") ?? "",
                Set = set,
            });
        }
        return result;
    }

    /// <summary>Writes the entries in upstream's order (operation, time, manager, apiVersion, subresource).</summary>
    public static JsonArray EncodeAll(IEnumerable<ManagedFieldsEntry> entries)
    {
        var array = new JsonArray();
        var ordered = entries
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => e.Time ?? "", StringComparer.Ordinal)
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
            .ThenBy(e => e.Subresource, StringComparer.Ordinal);
        foreach (var e in ordered)
        {
            var obj = new JsonObject
            {
                ["manager"] = e.Manager,
                ["operation"] = e.Operation,
                ["apiVersion"] = e.ApiVersion,
            };
            if (e.Time is not null)
            {
                obj["time"] = e.Time;
            }
            obj["fieldsType"] = "FieldsV1";
            obj["fieldsV1"] = e.Set.ToFieldsV1();
            if (e.Subresource.Length > 0)
            {
                obj["subresource"] = e.Subresource;
            }
            array.Add((JsonNode)obj);
        }
        return array;
    }

    /// <summary>RFC 3339 at second precision in UTC, as metav1.Time marshals.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Str(JsonObject obj, string name)
        => obj.TryGetPropertyValue(name, out var v) && v is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
