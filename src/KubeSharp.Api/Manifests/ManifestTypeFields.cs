using System.Text.Json;
using KubeSharp.Api.Registry;

namespace KubeSharp.Api.Manifests;

/// <summary>
/// The type and identity fields of one object as upstream sees them: a Go map decode for <c>apiVersion</c>,
/// <c>kind</c> and <c>metadata</c> (exact names, the last duplicate wins), and the list detector of
/// <c>unstructuredJSONScheme</c> (an <c>items</c> field, matched case-insensitively as a Go struct field).
/// </summary>
internal sealed class ManifestTypeFields
{
    public static readonly ManifestTypeFields Empty = new();

    public bool HasApiVersion { get; init; }

    public bool ApiVersionIsString { get; init; }

    /// <summary>The <c>apiVersion</c> string, or empty when absent or not a string.</summary>
    public string ApiVersion { get; init; } = "";

    public bool HasKind { get; init; }

    public bool KindIsString { get; init; }

    /// <summary>The <c>kind</c> string, or empty when absent or not a string.</summary>
    public string Kind { get; init; } = "";

    public string? Name { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The <c>items</c> value when present (also when null), which makes the object a list.</summary>
    public JsonElement? Items { get; init; }

    public static ManifestTypeFields Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Empty;
        }
        JsonElement? apiVersion = null;
        JsonElement? kind = null;
        JsonElement? metadata = null;
        JsonElement? items = null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals("apiVersion"))
            {
                apiVersion = property.Value;
            }
            else if (property.NameEquals("kind"))
            {
                kind = property.Value;
            }
            else if (property.NameEquals("metadata"))
            {
                metadata = property.Value;
            }
            if (property.Name.Equals("items", StringComparison.OrdinalIgnoreCase))
            {
                items = property.Value;
            }
        }
        string? name = null;
        string? ns = null;
        if (metadata is { ValueKind: JsonValueKind.Object } meta)
        {
            foreach (var property in meta.EnumerateObject())
            {
                if (property.NameEquals("name"))
                {
                    name = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                }
                else if (property.NameEquals("namespace"))
                {
                    ns = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                }
            }
        }
        return new ManifestTypeFields
        {
            HasApiVersion = apiVersion is { ValueKind: not JsonValueKind.Null },
            ApiVersionIsString = apiVersion is { ValueKind: JsonValueKind.String },
            ApiVersion = apiVersion is { ValueKind: JsonValueKind.String } v ? v.GetString()! : "",
            HasKind = kind is { ValueKind: not JsonValueKind.Null },
            KindIsString = kind is { ValueKind: JsonValueKind.String },
            Kind = kind is { ValueKind: JsonValueKind.String } k ? k.GetString()! : "",
            Name = name,
            Namespace = ns,
            Items = items,
        };
    }

    /// <summary>These fields with <c>apiVersion</c> and <c>kind</c> replaced (a list item taking the list's).</summary>
    public ManifestTypeFields WithType(string apiVersion, string kind) => new()
    {
        HasApiVersion = true,
        ApiVersionIsString = true,
        ApiVersion = apiVersion,
        HasKind = true,
        KindIsString = true,
        Kind = kind,
        Name = Name,
        Namespace = Namespace,
        Items = Items,
    };

    /// <summary>kubectl's <c>getObjectKind</c> checks (<c>k8s.io/kubectl/pkg/validation/schema.go</c>), in order.</summary>
    public List<string> Validate()
    {
        var errors = new List<string>();
        if (!HasApiVersion)
        {
            errors.Add("apiVersion not set");
        }
        else if (!ApiVersionIsString)
        {
            errors.Add("apiVersion isn't string type");
        }
        else if (!GroupVersion.TryParseApiVersion(ApiVersion, out _))
        {
            errors.Add($"unexpected GroupVersion string: {ApiVersion}");
        }
        if (!HasKind)
        {
            errors.Add("kind not set");
        }
        else if (!KindIsString)
        {
            errors.Add("kind isn't string type");
        }
        return errors;
    }
}
