namespace KubeSharp.ApiGen;

/// <summary>Emits one C# file per generated type: the class, its properties and its JSON codec.</summary>
internal sealed class ModelEmitter(SchemaModel schema)
{
    private const string Codec = "global::KubeSharp.Api.Serialization.JsonCodec";
    private const string Context = "global::KubeSharp.Api.Serialization.JsonDecodeContext";
    private const string Reader = "global::System.Text.Json.Utf8JsonReader";
    private const string Writer = "global::System.Text.Json.Utf8JsonWriter";
    private const string TokenType = "global::System.Text.Json.JsonTokenType";
    private const string ObjectMetaModel = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    public string Emit(TypeDef type)
    {
        var w = new CodeWriter();
        Header.Write(w, type.ModelName);
        w.Line($"namespace {type.Namespace};");
        w.Line();
        w.Line($"/// <summary>Kubernetes API type <c>{type.ModelName}</c>.</summary>");
        w.Open($"public sealed partial class {type.ClassName} : {Interfaces(type)}");
        EmitIdentity(w, type);
        w.Line("/// <summary>The Go zero value, used to write a non-pointer field that was never set. Never mutated.</summary>");
        w.Line($"internal static readonly {type.ClassName} ZeroValue = new();");
        foreach (var prop in type.Properties)
        {
            EmitProperty(w, prop);
        }
        EmitRead(w, type);
        EmitMatch(w, type);
        EmitWrite(w, type);
        EmitDeepCopy(w, type);
        EmitSpecStatusAccess(w, type);
        w.Close();
        return w.ToString();
    }

    private static string Interfaces(TypeDef type)
    {
        var list = new List<string>
        {
            $"global::KubeSharp.Api.Serialization.IJsonModel<{type.ClassName}>",
            $"global::KubeSharp.Api.IDeepCopyable<{type.ClassName}>",
        };
        if (type.HasTypeMeta)
        {
            list.Add("global::KubeSharp.Api.IKubeObject");
        }
        var metadata = type.Properties.FirstOrDefault(p => p.JsonName == "metadata");
        if (type.HasTypeMeta && metadata?.Element.ModelName == ObjectMetaModel)
        {
            list.Add("global::KubeSharp.Api.IKubeMetaObject");
            if (SpecOrStatus(type, "spec") is not null)
            {
                list.Add("global::KubeSharp.Api.IHasSpec");
            }
            if (SpecOrStatus(type, "status") is not null)
            {
                list.Add("global::KubeSharp.Api.IHasStatus");
            }
        }
        return string.Join(", ", list);
    }

    /// <summary>The object-typed spec or status property of a top-level kind, if any.</summary>
    private static PropertyDef? SpecOrStatus(TypeDef type, string jsonName)
        => type.Properties.FirstOrDefault(p => p.JsonName == jsonName && p.Shape == Shape.Single && p.Element.Kind == ValueKind.Object);

    private static void EmitSpecStatusAccess(CodeWriter w, TypeDef type)
    {
        if (!type.HasTypeMeta)
        {
            return;
        }
        if (SpecOrStatus(type, "spec") is { } spec)
        {
            var field = spec.Pointer ? spec.CsName : Field(spec);
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"global::KubeSharp.Api.Serialization.IJsonWritable? global::KubeSharp.Api.IHasSpec.SpecObject => {field};");
        }
        if (SpecOrStatus(type, "status") is { } status)
        {
            var field = status.Pointer ? status.CsName : Field(status);
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"global::KubeSharp.Api.Serialization.IJsonWritable? global::KubeSharp.Api.IHasStatus.StatusObject => {field};");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"void global::KubeSharp.Api.IHasStatus.CopyStatusFrom(global::KubeSharp.Api.IHasStatus other) => {field} = (({type.ClassName})other).{field};");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"void global::KubeSharp.Api.IHasStatus.ClearStatus() => {field} = null;");
        }
    }

    private static void EmitIdentity(CodeWriter w, TypeDef type)
    {
        if (type.Gvks.Count != 1)
        {
            return;
        }
        var (group, version, kind) = type.Gvks[0];
        var apiVersion = group.Length == 0 ? version : $"{group}/{version}";
        w.Line($"/// <summary>The API group (\"\" for core).</summary>");
        w.Line($"public const string KubeGroup = {CodeWriter.Quote(group)};");
        w.Line($"/// <summary>The API version within the group.</summary>");
        w.Line($"public const string KubeVersion = {CodeWriter.Quote(version)};");
        w.Line($"/// <summary>The kind.</summary>");
        w.Line($"public const string KubeKind = {CodeWriter.Quote(kind)};");
        w.Line($"/// <summary>The apiVersion field value (group/version, or version for core).</summary>");
        w.Line($"public const string KubeApiVersion = {CodeWriter.Quote(apiVersion)};");
        w.Line();
    }

    private string PropertyType(PropertyDef p)
    {
        var element = schema.CsType(p.Element);
        return p.Shape switch
        {
            Shape.List => $"global::System.Collections.Generic.List<{element}>?",
            Shape.Map => $"global::System.Collections.Generic.Dictionary<string, {element}{(p.Element.Kind == ValueKind.Bytes ? "?" : "")}>?",
            Shape.MapOfStringList => "global::System.Collections.Generic.Dictionary<string, global::System.Collections.Generic.List<string>?>?",
            _ => p.Element.Kind switch
            {
                ValueKind.String => p.Pointer ? "string?" : "string",
                ValueKind.Bytes => "byte[]?",
                ValueKind.Object or ValueKind.SpecialClass => p.Pointer ? element + "?" : element,
                _ => p.Pointer ? element + "?" : element,
            },
        };
    }

    private static bool IsLazyObject(PropertyDef p) => p.Shape == Shape.Single && p.Element.Kind == ValueKind.Object && !p.Pointer;

    private static string Field(PropertyDef p) => "_" + char.ToLowerInvariant(p.CsName[0]) + p.CsName[1..];

    private void EmitProperty(CodeWriter w, PropertyDef p)
    {
        w.Line();
        var type = PropertyType(p);
        if (IsLazyObject(p))
        {
            // A non-pointer Go struct: never null to callers; allocated on first access.
            w.Line($"private {type}? {Field(p)};");
            w.Line();
            w.Line($"/// <summary>JSON <c>{p.JsonName}</c>. Never null: created empty on first read.</summary>");
            w.Line($"public {type} {p.CsName} {{ get => {Field(p)} ??= new(); set => {Field(p)} = value; }}");
            return;
        }
        w.Line($"/// <summary>JSON <c>{p.JsonName}</c>{(p.Pointer ? " (optional pointer: null when unset)" : "")}.</summary>");
        var init = p.Shape == Shape.Single && p.Element.Kind == ValueKind.String && !p.Pointer ? " = \"\";" : "";
        w.Line($"public {type} {p.CsName} {{ get; set; }}{init}");
    }

    private void EmitRead(CodeWriter w, TypeDef type)
    {
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open($"public static {type.ClassName} ReadJson(ref {Reader} reader, {Context} context)");
        w.Line($"var value = new {type.ClassName}();");
        w.Line($"if (reader.TokenType == {TokenType}.Null)");
        w.Line("{").Line("    return value;").Line("}");
        w.Line($"if (reader.TokenType != {TokenType}.StartObject)");
        w.Line("{");
        w.Line($"    context.ThrowTypeMismatch(ref reader, {CodeWriter.Quote(type.ClassName)}, {CodeWriter.Quote(type.GoQualifiedName)});");
        w.Line("}");
        w.Line("ulong seen = 0;");
        w.Open($"while (reader.Read() && reader.TokenType == {TokenType}.PropertyName)");
        w.Line("var index = MatchProperty(ref reader);");
        w.Open("if (index < 0)");
        w.Line($"{Codec}.SkipUnknown(ref reader, context);");
        w.Line("continue;");
        w.Close();
        w.Line("var bit = 1UL << index;");
        w.Open("if ((seen & bit) != 0)");
        w.Line("context.ReportDuplicate(reader.GetString()!);");
        w.Close();
        w.Line("seen |= bit;");
        w.Line("reader.Read();");
        w.Open("switch (index)");
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var p = type.Properties[i];
            w.Line($"case {i}:");
            w.Indent();
            if (type.ModelName == ObjectMetaModel && p.JsonName == "managedFields")
            {
                // Clients that never read managedFields (informers of the scheduler, the controller manager) skip the
                // value without allocating it: upstream's informers.WithTransform(trim), done while decoding.
                w.Open("if (context.SkipManagedFields)");
                w.Line("reader.Skip();");
                w.Line("break;");
                w.Close();
            }
            w.Line($"context.Push({CodeWriter.Quote(p.JsonName)});");
            var target = IsLazyObject(p) ? $"value.{Field(p)}" : $"value.{p.CsName}";
            w.Line($"{target} = {ReadExpression(type, p)};");
            w.Line("context.Pop();");
            w.Line("break;");
            w.Outdent();
        }
        w.Line("default:");
        w.Line("    break;");
        w.Close();
        w.Close();
        w.Line("return value;");
        w.Close();
    }

    private string ReadExpression(TypeDef owner, PropertyDef p)
    {
        var go = CodeWriter.Quote(owner.ClassName);
        var element = schema.CsType(p.Element);
        var goType = CodeWriter.Quote(GoTypeName(p));
        switch (p.Shape)
        {
            case Shape.List:
                return p.Element.Kind switch
                {
                    ValueKind.String => $"{Codec}.ReadStringList(ref reader, context, {go})",
                    ValueKind.Int32 => $"{Codec}.ReadInt32List(ref reader, context, {go})",
                    ValueKind.Int64 => $"{Codec}.ReadInt64List(ref reader, context, {go})",
                    ValueKind.Bool => $"{Codec}.ReadBoolList(ref reader, context, {go})",
                    ValueKind.Object or ValueKind.Special or ValueKind.SpecialClass => $"{Codec}.ReadList<{element}>(ref reader, context, {go}, {goType})",
                    _ => throw new InvalidOperationException($"list of {p.Element.Kind}"),
                };
            case Shape.Map:
                return p.Element.Kind switch
                {
                    ValueKind.String => $"{Codec}.ReadStringMap(ref reader, context, {go})",
                    ValueKind.Bytes => $"{Codec}.ReadBytesMap(ref reader, context, {go})",
                    ValueKind.Object or ValueKind.Special or ValueKind.SpecialClass => $"{Codec}.ReadMap<{element}>(ref reader, context, {go}, {goType})",
                    _ => throw new InvalidOperationException($"map of {p.Element.Kind}"),
                };
            case Shape.MapOfStringList:
                return $"{Codec}.ReadStringListMap(ref reader, context, {go})";
        }
        var single = p.Element.Kind switch
        {
            ValueKind.String => $"{Codec}.ReadString(ref reader, context, {go})",
            ValueKind.Int32 => $"{Codec}.ReadInt32(ref reader, context, {go})",
            ValueKind.Int64 => $"{Codec}.ReadInt64(ref reader, context, {go})",
            ValueKind.Bool => $"{Codec}.ReadBool(ref reader, context, {go})",
            ValueKind.Double => $"{Codec}.ReadDouble(ref reader, context, {go})",
            ValueKind.Bytes => $"{Codec}.ReadBytes(ref reader, context, {go})",
            _ => $"{element}.ReadJson(ref reader, context)",
        };
        return p.Pointer && p.Element.Kind != ValueKind.Bytes
            ? $"reader.TokenType == {TokenType}.Null ? default({element}?) : {single}"
            : single;
    }

    private string GoTypeName(PropertyDef p)
    {
        var element = p.Element.Kind switch
        {
            ValueKind.Object => schema.Types[p.Element.ModelName!].GoQualifiedName,
            ValueKind.Special or ValueKind.SpecialClass => schema.SpecialCsType(p.Element.ModelName!).Split('.')[^1],
            _ => p.Element.Kind.ToString().ToLowerInvariant(),
        };
        return p.Shape switch
        {
            Shape.List => "[]" + element,
            Shape.Map => "map[string]" + element,
            _ => element,
        };
    }

    private static void EmitMatch(CodeWriter w, TypeDef type)
    {
        w.Line();
        w.Line("/// <summary>Index of the property named at the reader, or -1. Names are matched case-sensitively, as upstream does.</summary>");
        w.Open($"private static int MatchProperty(ref {Reader} reader)");
        w.Open("if (reader.ValueIsEscaped)");
        w.Open("return reader.GetString() switch");
        for (var i = 0; i < type.Properties.Count; i++)
        {
            w.Line($"{CodeWriter.Quote(type.Properties[i].JsonName)} => {i},");
        }
        w.Line("_ => -1,");
        w.Close(";");
        w.Close();
        w.Line("var name = reader.ValueSpan;");
        var byLength = type.Properties.Select((p, i) => (p, i)).GroupBy(x => System.Text.Encoding.UTF8.GetByteCount(x.p.JsonName)).OrderBy(g => g.Key);
        w.Open("switch (name.Length)");
        foreach (var group in byLength)
        {
            w.Line($"case {group.Key}:");
            w.Indent();
            foreach (var (p, i) in group)
            {
                w.Open($"if (name.SequenceEqual({CodeWriter.Quote(p.JsonName)}u8))");
                w.Line($"return {i};");
                w.Close();
            }
            w.Line("break;");
            w.Outdent();
        }
        w.Line("default:");
        w.Line("    break;");
        w.Close();
        w.Line("return -1;");
        w.Close();
    }

    private void EmitWrite(CodeWriter w, TypeDef type)
    {
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open($"public void WriteJson({Writer} writer)");
        w.Line("writer.WriteStartObject();");
        foreach (var p in type.Properties)
        {
            EmitWriteProperty(w, p);
        }
        w.Line("writer.WriteEndObject();");
        w.Close();
    }

    private void EmitWriteProperty(CodeWriter w, PropertyDef p)
    {
        var name = JsonNamesEmitter.Reference(p.JsonName);
        var x = p.CsName;
        switch (p.Shape)
        {
            case Shape.List:
            case Shape.Map:
            case Shape.MapOfStringList:
                var writeCall = WriteCollectionCall(p);
                if (p.OmitEmpty)
                {
                    w.Open($"if ({x} is {{ Count: > 0 }})");
                }
                else
                {
                    w.Line("{");
                    w.Indent();
                }
                w.Line($"writer.WritePropertyName({name});");
                w.Line($"{writeCall};");
                w.Close();
                return;
        }
        switch (p.Element.Kind)
        {
            case ValueKind.String when !p.Pointer:
                w.Line(p.OmitEmpty
                    ? $"if (!string.IsNullOrEmpty({x})) writer.WriteString({name}, {x});"
                    : $"writer.WriteString({name}, {x} ?? \"\");");
                return;
            case ValueKind.String:
                w.Line(p.OmitEmpty
                    ? $"if ({x} is not null) writer.WriteString({name}, {x});"
                    : $"if ({x} is null) writer.WriteNull({name}); else writer.WriteString({name}, {x});");
                return;
            case ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double when !p.Pointer:
                w.Line(p.OmitEmpty ? $"if ({x} != 0) writer.WriteNumber({name}, {x});" : $"writer.WriteNumber({name}, {x});");
                return;
            case ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double:
                w.Line(p.OmitEmpty
                    ? $"if ({x} is {{ }} {Local(p)}) writer.WriteNumber({name}, {Local(p)});"
                    : $"if ({x} is {{ }} {Local(p)}) writer.WriteNumber({name}, {Local(p)}); else writer.WriteNull({name});");
                return;
            case ValueKind.Bool when !p.Pointer:
                w.Line(p.OmitEmpty ? $"if ({x}) writer.WriteBoolean({name}, true);" : $"writer.WriteBoolean({name}, {x});");
                return;
            case ValueKind.Bool:
                w.Line(p.OmitEmpty
                    ? $"if ({x} is {{ }} {Local(p)}) writer.WriteBoolean({name}, {Local(p)});"
                    : $"if ({x} is {{ }} {Local(p)}) writer.WriteBoolean({name}, {Local(p)}); else writer.WriteNull({name});");
                return;
            case ValueKind.Bytes:
                if (p.OmitEmpty)
                {
                    w.Line($"if ({x} is {{ Length: > 0 }}) writer.WriteBase64String({name}, {x});");
                }
                else
                {
                    w.Line($"if ({x} is null) writer.WriteNull({name}); else writer.WriteBase64String({name}, {x});");
                }
                return;
            case ValueKind.Object when !p.Pointer:
                // Go never omits a non-pointer struct, even with omitempty.
                w.Line($"writer.WritePropertyName({name});");
                w.Line($"({Field(p)} ?? {schema.CsType(p.Element)}.ZeroValue).WriteJson(writer);");
                return;
            case ValueKind.Special when !p.Pointer:
                if (p.OmitZero)
                {
                    w.Open($"if (!{x}.IsZero)");
                }
                else
                {
                    w.Line("{");
                    w.Indent();
                }
                w.Line($"writer.WritePropertyName({name});");
                w.Line($"{x}.WriteJson(writer);");
                w.Close();
                return;
            default:
                // Pointers to structs (generated or special): omitted or null when unset.
                if (p.OmitEmpty)
                {
                    w.Open($"if ({x} is {{ }} {Local(p)})");
                    w.Line($"writer.WritePropertyName({name});");
                    w.Line($"{Local(p)}.WriteJson(writer);");
                    w.Close();
                }
                else
                {
                    w.Line($"writer.WritePropertyName({name});");
                    w.Line($"if ({x} is {{ }} {Local(p)}) {Local(p)}.WriteJson(writer); else writer.WriteNullValue();");
                }
                return;
        }
    }

    private static void EmitDeepCopy(CodeWriter w, TypeDef type)
    {
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open($"public {type.ClassName} DeepCopy()");
        w.Line($"var copy = ({type.ClassName})MemberwiseClone();");
        foreach (var p in type.Properties)
        {
            var copyExpression = p.Shape switch
            {
                Shape.MapOfStringList => $"global::KubeSharp.Api.DeepCopy.StringLists({p.CsName})",
                Shape.Map when p.Element.Kind == ValueKind.Bytes => $"global::KubeSharp.Api.DeepCopy.Bytes({p.CsName})",
                Shape.List or Shape.Map when p.Element.Kind is ValueKind.Object or ValueKind.SpecialClass => $"global::KubeSharp.Api.DeepCopy.Objects({p.CsName})",
                Shape.List or Shape.Map => $"global::KubeSharp.Api.DeepCopy.Values({p.CsName})",
                _ => p.Element.Kind switch
                {
                    ValueKind.Bytes => $"({p.CsName}?.Clone() as byte[])",
                    ValueKind.Object when !p.Pointer => $"{Field(p)}?.DeepCopy()",
                    ValueKind.Object or ValueKind.SpecialClass => $"{p.CsName}?.DeepCopy()",
                    _ => null,
                },
            };
            if (copyExpression is not null)
            {
                w.Line($"copy.{(IsLazyObject(p) ? Field(p) : p.CsName)} = {copyExpression};");
            }
        }
        w.Line("return copy;");
        w.Close();
    }

    private static string Local(PropertyDef p) => "v" + p.CsName;

    private static string WriteCollectionCall(PropertyDef p) => p.Shape switch
    {
        Shape.MapOfStringList => $"{Codec}.WriteStringListMap(writer, {p.CsName})",
        Shape.List => p.Element.Kind switch
        {
            ValueKind.String => $"{Codec}.WriteStringList(writer, {p.CsName})",
            ValueKind.Int32 => $"{Codec}.WriteInt32List(writer, {p.CsName})",
            ValueKind.Int64 => $"{Codec}.WriteInt64List(writer, {p.CsName})",
            ValueKind.Bool => $"{Codec}.WriteBoolList(writer, {p.CsName})",
            _ => $"{Codec}.WriteList(writer, {p.CsName})",
        },
        _ => p.Element.Kind switch
        {
            ValueKind.String => $"{Codec}.WriteStringMap(writer, {p.CsName})",
            ValueKind.Bytes => $"{Codec}.WriteBytesMap(writer, {p.CsName})",
            _ => $"{Codec}.WriteMap(writer, {p.CsName})",
        },
    };
}
