using System.Text.Json;

namespace KubeSharp.ApiGen;

/// <summary>What a property (or a list/map element) holds, as far as C# and the codecs care.</summary>
internal enum ValueKind
{
    String,
    Int32,
    Int64,
    Bool,
    Double,
    Bytes,
    /// <summary>A generated class (a Go struct).</summary>
    Object,
    /// <summary>A hand-written struct (Quantity, Time, RawExtension, ...).</summary>
    Special,
    /// <summary>A hand-written class (JSONSchemaPropsOr*).</summary>
    SpecialClass,
}

/// <summary>How a property is shaped: a single value, a list of values or a string-keyed map.</summary>
internal enum Shape
{
    Single,
    List,
    Map,
    /// <summary>map[string][]string (ExtraValue and friends).</summary>
    MapOfStringList,
}

internal sealed record TypeRef(ValueKind Kind, string? ModelName = null);

internal sealed class PropertyDef
{
    public required string JsonName { get; init; }
    public required string CsName { get; init; }
    public required string GoName { get; init; }
    public required Shape Shape { get; init; }
    public required TypeRef Element { get; init; }
    public bool Pointer { get; init; }
    public bool OmitEmpty { get; init; }
    public bool OmitZero { get; init; }
    public JsonElement Raw { get; init; }
}

internal sealed class TypeDef
{
    public required string ModelName { get; init; }
    public required string Namespace { get; init; }
    public required string ClassName { get; init; }
    public required string GoPackageName { get; init; }
    public string? SpecialKind { get; init; }
    public List<PropertyDef> Properties { get; } = [];
    public List<(string Group, string Version, string Kind)> Gvks { get; } = [];
    public JsonElement Raw { get; init; }

    public string FullName => $"global::{Namespace}.{ClassName}";

    /// <summary>The Go type name used in decode errors ("v1.Pod").</summary>
    public string GoQualifiedName => $"{GoPackageName}.{ClassName}";

    public bool IsSpecial => SpecialKind is not null;

    public bool HasTypeMeta => Properties.Any(p => p.JsonName == "kind") && Properties.Any(p => p.JsonName == "apiVersion");
}

/// <summary>schema.json, read into the shapes the emitters need.</summary>
internal sealed class SchemaModel
{
    /// <summary>Special types implemented by hand, with their C# type and whether it is a struct.</summary>
    public static readonly IReadOnlyDictionary<string, (string CsType, bool IsStruct)> SpecialTypes = new Dictionary<string, (string, bool)>
    {
        ["quantity"] = ("global::KubeSharp.Api.Quantity", true),
        ["int-or-string"] = ("global::KubeSharp.Api.IntOrString", true),
        ["time"] = ("global::KubeSharp.Api.Time", true),
        ["micro-time"] = ("global::KubeSharp.Api.MicroTime", true),
        ["duration"] = ("global::KubeSharp.Api.Duration", true),
        ["raw-extension"] = ("global::KubeSharp.Api.RawExtension", true),
        ["fields-v1"] = ("global::KubeSharp.Api.FieldsV1", true),
        ["json"] = ("global::KubeSharp.Api.RawJson", true),
        ["any"] = ("global::KubeSharp.Api.RawJson", true),
        ["group-version"] = ("global::KubeSharp.Api.Registry.GroupVersion", true),
        ["json-schema-props-or-array"] = ("global::KubeSharp.Api.ApiExtensions.V1.JSONSchemaPropsOrArray", false),
        ["json-schema-props-or-bool"] = ("global::KubeSharp.Api.ApiExtensions.V1.JSONSchemaPropsOrBool", false),
        ["json-schema-props-or-string-array"] = ("global::KubeSharp.Api.ApiExtensions.V1.JSONSchemaPropsOrStringArray", false),
    };

    public SchemaModel(JsonDocument document)
    {
        Document = document;
        var root = document.RootElement;
        foreach (var gv in root.GetProperty("groupVersions").EnumerateArray())
        {
            _goPackages[gv.GetProperty("modelPackage").GetString()!] = gv.GetProperty("goPackage").GetString()!;
        }
        foreach (var def in root.GetProperty("definitions").EnumerateObject())
        {
            Types[def.Name] = ReadType(def.Name, def.Value);
        }
        foreach (var type in Types.Values)
        {
            if (type.IsSpecial)
            {
                continue;
            }
            foreach (var prop in type.Raw.GetProperty("properties").EnumerateObject())
            {
                type.Properties.Add(ReadProperty(type, prop.Name, prop.Value));
            }
        }
    }

    private readonly Dictionary<string, string> _goPackages = [];

    public JsonDocument Document { get; }

    public SortedDictionary<string, TypeDef> Types { get; } = new(StringComparer.Ordinal);

    public JsonElement Protobuf => Document.RootElement.GetProperty("protobuf");

    private TypeDef ReadType(string modelName, JsonElement raw)
    {
        var (ns, className) = Naming.Place(modelName);
        var package = modelName[..modelName.LastIndexOf('.')];
        var goPackage = _goPackages.TryGetValue(package, out var gp) ? gp : package;
        var type = new TypeDef
        {
            ModelName = modelName,
            Namespace = ns,
            ClassName = className,
            GoPackageName = goPackage[(goPackage.LastIndexOf('/') + 1)..],
            SpecialKind = raw.TryGetProperty("x-kind", out var kind) ? kind.GetString() : null,
            Raw = raw,
        };
        if (raw.TryGetProperty("x-kubernetes-group-version-kind", out var gvks))
        {
            foreach (var gvk in gvks.EnumerateArray())
            {
                type.Gvks.Add((gvk.GetProperty("group").GetString()!, gvk.GetProperty("version").GetString()!, gvk.GetProperty("kind").GetString()!));
            }
        }
        return type;
    }

    private PropertyDef ReadProperty(TypeDef owner, string jsonName, JsonElement raw)
    {
        var shape = Shape.Single;
        TypeRef element;
        var type = raw.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (raw.TryGetProperty("$ref", out _))
        {
            element = Resolve(raw);
        }
        else if (type == "array")
        {
            shape = Shape.List;
            element = Resolve(raw.GetProperty("items"));
        }
        else if (type == "object" && raw.TryGetProperty("additionalProperties", out var ap))
        {
            if (ap.TryGetProperty("type", out var apType) && apType.GetString() == "array")
            {
                if (ap.GetProperty("items").GetProperty("type").GetString() != "string")
                {
                    throw new InvalidOperationException($"unsupported map of lists in {owner.ModelName}.{jsonName}");
                }
                shape = Shape.MapOfStringList;
                element = new TypeRef(ValueKind.String);
            }
            else
            {
                shape = Shape.Map;
                element = Resolve(ap);
            }
        }
        else
        {
            element = Resolve(raw);
        }
        return new PropertyDef
        {
            JsonName = jsonName,
            CsName = Naming.PropertyName(jsonName, owner.ClassName),
            GoName = raw.TryGetProperty("goName", out var goName) ? goName.GetString()! : jsonName,
            Shape = shape,
            Element = element,
            Pointer = raw.TryGetProperty("pointer", out var p) && p.GetBoolean(),
            OmitEmpty = raw.TryGetProperty("omitempty", out var oe) && oe.GetBoolean(),
            OmitZero = raw.TryGetProperty("omitzero", out var oz) && oz.GetBoolean(),
            Raw = raw,
        };
    }

    private TypeRef Resolve(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = reference.GetString()!;
            var def = Document.RootElement.GetProperty("definitions").GetProperty(target);
            if (def.TryGetProperty("x-kind", out var xkind))
            {
                return new TypeRef(SpecialTypes[xkind.GetString()!].IsStruct ? ValueKind.Special : ValueKind.SpecialClass, target);
            }
            return new TypeRef(ValueKind.Object, target);
        }
        if (schema.TryGetProperty("x-kind", out var anyKind))
        {
            return new TypeRef(ValueKind.Special, "x-kind:" + anyKind.GetString());
        }
        var type = schema.GetProperty("type").GetString();
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return (type, format) switch
        {
            ("string", "byte") => new TypeRef(ValueKind.Bytes),
            ("string", _) => new TypeRef(ValueKind.String),
            ("integer", "int64") => new TypeRef(ValueKind.Int64),
            ("integer", _) => new TypeRef(ValueKind.Int32),
            ("boolean", _) => new TypeRef(ValueKind.Bool),
            ("number", _) => new TypeRef(ValueKind.Double),
            _ => throw new InvalidOperationException($"unsupported schema {schema}"),
        };
    }

    /// <summary>The C# type of one element.</summary>
    public string CsType(TypeRef element) => element.Kind switch
    {
        ValueKind.String => "string",
        ValueKind.Int32 => "int",
        ValueKind.Int64 => "long",
        ValueKind.Bool => "bool",
        ValueKind.Double => "double",
        ValueKind.Bytes => "byte[]",
        ValueKind.Object => Types[element.ModelName!].FullName,
        ValueKind.Special or ValueKind.SpecialClass => SpecialCsType(element.ModelName!),
        _ => throw new InvalidOperationException(element.ToString()),
    };

    public string SpecialCsType(string modelName) => modelName.StartsWith("x-kind:", StringComparison.Ordinal)
        ? SpecialTypes[modelName["x-kind:".Length..]].CsType
        : SpecialTypes[Types[modelName].SpecialKind!].CsType;

    public string? SpecialKindOf(TypeRef element) => element.ModelName is null
        ? null
        : element.ModelName.StartsWith("x-kind:", StringComparison.Ordinal) ? element.ModelName["x-kind:".Length..] : Types[element.ModelName].SpecialKind;
}
