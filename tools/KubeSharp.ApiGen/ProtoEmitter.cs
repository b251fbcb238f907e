using System.Text.Json;

namespace KubeSharp.ApiGen;

/// <summary>
/// Emits the protobuf codec of a generated type as a partial class (Type.Proto.cs), driven by the
/// schema's protobuf facts: field numbers, labels, map entries, named-slice wrappers and embedded
/// structs that JSON flattens but protobuf nests (<c>embeddedVia</c>).
/// </summary>
internal sealed class ProtoEmitter(SchemaModel schema)
{
    private const string ProtoReader = "global::KubeSharp.Api.Protobuf.ProtoReader";
    private const string ProtoWriter = "global::KubeSharp.Api.Protobuf.ProtoWriter";

    /// <summary>A message: the root type or an embedded struct inside it.</summary>
    private sealed class Node
    {
        public int Number { get; init; }
        public string Suffix { get; init; } = "";
        public List<(int Number, PropertyDef Property, JsonElement Facts)> Fields { get; } = [];
        public List<Node> Children { get; } = [];
    }

    public static bool IsMessage(TypeDef type)
        => type.Raw.GetProperty("protobuf").GetProperty("isMessage").GetBoolean();

    public string Emit(TypeDef type)
    {
        var root = BuildTree(type);
        var w = new CodeWriter();
        Header.Write(w, type.ModelName + ", protobuf");
        w.Line($"namespace {type.Namespace};");
        w.Line();
        w.Open($"public sealed partial class {type.ClassName} : global::KubeSharp.Api.Protobuf.IProtoModel<{type.ClassName}>");
        w.Line("/// <inheritdoc/>");
        w.Open($"public static {type.ClassName} ReadProto(ref {ProtoReader} reader)");
        w.Line($"var value = new {type.ClassName}();");
        w.Line("ReadProtoFields(ref reader, value);");
        w.Line("return value;");
        w.Close();
        EmitReadNode(w, type, root);
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open($"public void WriteProto({ProtoWriter} writer)");
        EmitWriteNode(w, root);
        w.Close();
        w.Close();
        return w.ToString();
    }

    private static Node BuildTree(TypeDef type)
    {
        var root = new Node();
        var nodes = new Dictionary<string, Node> { [""] = root };
        var definition = type.Raw.GetProperty("protobuf");
        if (definition.TryGetProperty("embedded", out var embedded))
        {
            // Parents come before children in the schema's list.
            foreach (var e in embedded.EnumerateArray())
            {
                var via = Via(e);
                var parent = nodes[string.Join(".", via)];
                var path = string.Join(".", via.Append(e.GetProperty("number").GetInt32()));
                var node = new Node { Number = e.GetProperty("number").GetInt32(), Suffix = "_" + path.Replace('.', '_') };
                parent.Children.Add(node);
                nodes[path] = node;
            }
        }
        foreach (var p in type.Properties)
        {
            if (!p.Raw.TryGetProperty("protobuf", out var facts))
            {
                continue; // kind and apiVersion travel in the envelope
            }
            nodes[string.Join(".", Via(facts))].Fields.Add((facts.GetProperty("number").GetInt32(), p, facts));
        }
        return root;
    }

    private static int[] Via(JsonElement facts)
        => facts.TryGetProperty("embeddedVia", out var via) ? via.EnumerateArray().Select(v => v.GetInt32()).ToArray() : [];

    private static string Target(PropertyDef p) => IsLazyObject(p) ? "_" + char.ToLowerInvariant(p.CsName[0]) + p.CsName[1..] : p.CsName;

    private static bool IsLazyObject(PropertyDef p) => p.Shape == Shape.Single && p.Element.Kind == ValueKind.Object && !p.Pointer;

    private void EmitReadNode(CodeWriter w, TypeDef type, Node node)
    {
        w.Line();
        w.Open($"private static void ReadProtoFields{node.Suffix}(ref {ProtoReader} reader, {type.ClassName} value)");
        w.Open("while (reader.TryReadTag(out var field, out var wireType))");
        w.Open("switch (field)");
        foreach (var (number, p, facts) in node.Fields.OrderBy(f => f.Number))
        {
            w.Line($"case {number}:");
            w.Open("");
            EmitReadField(w, p, facts);
            w.Line("break;");
            w.Close();
        }
        foreach (var child in node.Children)
        {
            w.Line($"case {child.Number}:");
            w.Open("");
            w.Line("var nested = reader.ReadMessage();");
            w.Line($"ReadProtoFields{child.Suffix}(ref nested, value);");
            w.Line("break;");
            w.Close();
        }
        w.Line("default:");
        w.Line("    reader.Skip(wireType);");
        w.Line("    break;");
        w.Close();
        w.Close();
        w.Close();
        foreach (var child in node.Children)
        {
            EmitReadNode(w, type, child);
        }
    }

    private void EmitReadField(CodeWriter w, PropertyDef p, JsonElement facts)
    {
        var target = "value." + Target(p);
        var label = facts.GetProperty("label").GetString();
        switch (p.Shape)
        {
            case Shape.List when label == "optional":
                // A named slice sent as a wrapper message {repeated string items = 1} (meta/v1 Verbs).
                w.Line("var wrapper = reader.ReadMessage();");
                w.Line($"{target} ??= new();");
                w.Line("while (wrapper.TryReadTag(out var f, out var wt)) { if (f == 1) " + target + ".Add(wrapper.ReadString()); else wrapper.Skip(wt); }");
                return;
            case Shape.List:
                w.Line($"{target} ??= new();");
                switch (p.Element.Kind)
                {
                    case ValueKind.String:
                        w.Line($"{target}.Add(reader.ReadString());");
                        return;
                    case ValueKind.Int32 or ValueKind.Int64 or ValueKind.Bool:
                        var cast = p.Element.Kind switch { ValueKind.Int32 => "(int)v", ValueKind.Bool => "v != 0", _ => "v" };
                        w.Line("var scalars = new global::System.Collections.Generic.List<long>();");
                        w.Line("reader.ReadRepeatedVarint(wireType, scalars);");
                        w.Line($"foreach (var v in scalars) {target}.Add({cast});");
                        return;
                    default:
                        w.Line("var message = reader.ReadMessage();");
                        w.Line($"{target}.Add({schema.CsType(p.Element)}.ReadProto(ref message));");
                        return;
                }
            case Shape.Map:
            case Shape.MapOfStringList:
                w.Line("var entry = reader.ReadMessage();");
                w.Line("var key = \"\";");
                w.Line($"{MapValueType(p)} item = {MapValueDefault(p)};");
                w.Open("while (entry.TryReadTag(out var f, out var wt))");
                w.Line("if (f == 1) key = entry.ReadString();");
                w.Line($"else if (f == 2) {{ {ReadMapValue(p)} }}");
                w.Line("else entry.Skip(wt);");
                w.Close();
                w.Line($"({target} ??= new())[key] = item;");
                return;
        }
        w.Line($"{target} = {ReadSingle(p)};");
    }

    private string ReadSingle(PropertyDef p) => p.Element.Kind switch
    {
        ValueKind.String => "reader.ReadString()",
        ValueKind.Int32 => "reader.ReadInt32()",
        ValueKind.Int64 => "reader.ReadInt64()",
        ValueKind.Bool => "reader.ReadBool()",
        ValueKind.Double => "reader.ReadDouble()",
        ValueKind.Bytes => "reader.ReadBytes()",
        _ => $"global::KubeSharp.Api.Protobuf.ProtoCodec.ReadMessage<{schema.CsType(p.Element)}>(ref reader)",
    };

    private string MapValueType(PropertyDef p) => p.Shape == Shape.MapOfStringList
        ? "global::System.Collections.Generic.List<string>?"
        : p.Element.Kind switch
        {
            ValueKind.String => "string",
            ValueKind.Bytes => "byte[]?",
            ValueKind.Special => schema.CsType(p.Element),
            _ => schema.CsType(p.Element) + "?",
        };

    private static string MapValueDefault(PropertyDef p) => p.Shape == Shape.MapOfStringList
        ? "null"
        : p.Element.Kind switch
        {
            ValueKind.String => "\"\"",
            ValueKind.Bytes => "null",
            ValueKind.Special => "default",
            _ => "new()",
        };

    private string ReadMapValue(PropertyDef p)
    {
        if (p.Shape == Shape.MapOfStringList)
        {
            return "var inner = entry.ReadMessage(); item = new(); while (inner.TryReadTag(out var f2, out var wt2)) { if (f2 == 1) item.Add(inner.ReadString()); else inner.Skip(wt2); }";
        }
        return p.Element.Kind switch
        {
            ValueKind.String => "item = entry.ReadString();",
            ValueKind.Bytes => "item = entry.ReadBytes();",
            _ => $"var inner = entry.ReadMessage(); item = {schema.CsType(p.Element)}.ReadProto(ref inner);",
        };
    }

    private void EmitWriteNode(CodeWriter w, Node node)
    {
        // Backwards writer: descending field numbers, children as nested messages.
        var items = node.Fields.Select(f => (f.Number, Field: (PropertyDef?)f.Property, Facts: f.Facts, Child: (Node?)null))
            .Concat(node.Children.Select(c => (c.Number, Field: (PropertyDef?)null, Facts: default(JsonElement), Child: (Node?)c)))
            .OrderByDescending(x => x.Number);
        foreach (var (number, p, facts, child) in items)
        {
            if (child is not null)
            {
                w.Open("");
                w.Line($"var embedded{child.Suffix} = writer.BeginMessage();");
                EmitWriteNode(w, child);
                w.Line($"writer.EndMessage({number}, embedded{child.Suffix});");
                w.Close();
            }
            else
            {
                EmitWriteField(w, number, p!, facts);
            }
        }
    }

    private void EmitWriteField(CodeWriter w, int n, PropertyDef p, JsonElement facts)
    {
        var x = p.CsName;
        var label = facts.GetProperty("label").GetString();
        switch (p.Shape)
        {
            case Shape.List when label == "optional":
                w.Open($"if ({x} is {{ }} wrapped{x})");
                w.Line("var mark = writer.BeginMessage();");
                w.Line($"for (var i = wrapped{x}.Count - 1; i >= 0; i--) writer.WriteString(1, wrapped{x}[i]);");
                w.Line($"writer.EndMessage({n}, mark);");
                w.Close();
                return;
            case Shape.List:
                w.Open($"if ({x} is {{ }} list{x})");
                w.Open($"for (var i = list{x}.Count - 1; i >= 0; i--)");
                switch (p.Element.Kind)
                {
                    case ValueKind.String:
                        w.Line($"writer.WriteString({n}, list{x}[i]);");
                        break;
                    case ValueKind.Int32 or ValueKind.Int64:
                        w.Line($"writer.WriteInt64({n}, list{x}[i]);");
                        break;
                    case ValueKind.Bool:
                        w.Line($"writer.WriteBool({n}, list{x}[i]);");
                        break;
                    default:
                        w.Line("var mark = writer.BeginMessage();");
                        w.Line(p.Element.Kind == ValueKind.Special
                            ? $"list{x}[i].WriteProto(writer);"
                            : $"(list{x}[i] ?? {schema.CsType(p.Element)}.{ZeroName(p)}).WriteProto(writer);");
                        w.Line($"writer.EndMessage({n}, mark);");
                        break;
                }
                w.Close();
                w.Close();
                return;
            case Shape.Map:
            case Shape.MapOfStringList:
                w.Open($"if ({x} is {{ }} map{x})");
                w.Line($"var keys = global::KubeSharp.Api.Serialization.JsonCodec.SortedKeys(map{x}, out var rented);");
                w.Open("for (var i = keys.Length - 1; i >= 0; i--)");
                w.Line($"var item = map{x}[keys[i]];");
                w.Line("var mark = writer.BeginMessage();");
                EmitWriteMapValue(w, p);
                w.Line("writer.WriteString(1, keys[i]);");
                w.Line($"writer.EndMessage({n}, mark);");
                w.Close();
                w.Line("global::KubeSharp.Api.Protobuf.ProtoCodec.Return(rented);");
                w.Close();
                return;
        }
        switch (p.Element.Kind)
        {
            case ValueKind.String:
                w.Line(p.Pointer ? $"if ({x} is not null) writer.WriteString({n}, {x});" : $"writer.WriteString({n}, {x});");
                return;
            case ValueKind.Int32 or ValueKind.Int64:
                w.Line(p.Pointer ? $"if ({x} is {{ }} v{x}) writer.WriteInt64({n}, v{x});" : $"writer.WriteInt64({n}, {x});");
                return;
            case ValueKind.Bool:
                w.Line(p.Pointer ? $"if ({x} is {{ }} v{x}) writer.WriteBool({n}, v{x});" : $"writer.WriteBool({n}, {x});");
                return;
            case ValueKind.Double:
                w.Line(p.Pointer ? $"if ({x} is {{ }} v{x}) writer.WriteDouble({n}, v{x});" : $"writer.WriteDouble({n}, {x});");
                return;
            case ValueKind.Bytes:
                w.Line($"if ({x} is not null) writer.WriteBytes({n}, {x});");
                return;
            case ValueKind.Object when !p.Pointer:
                w.Open("");
                w.Line("var mark = writer.BeginMessage();");
                w.Line($"({Target(p)} ?? {schema.CsType(p.Element)}.ZeroValue).WriteProto(writer);");
                w.Line($"writer.EndMessage({n}, mark);");
                w.Close();
                return;
            case ValueKind.Special when !p.Pointer:
                w.Open("");
                w.Line("var mark = writer.BeginMessage();");
                w.Line($"{x}.WriteProto(writer);");
                w.Line($"writer.EndMessage({n}, mark);");
                w.Close();
                return;
            default:
                w.Open($"if ({x} is {{ }} v{x})");
                w.Line("var mark = writer.BeginMessage();");
                w.Line($"v{x}.WriteProto(writer);");
                w.Line($"writer.EndMessage({n}, mark);");
                w.Close();
                return;
        }
    }

    private static string ZeroName(PropertyDef p) => p.Element.Kind == ValueKind.SpecialClass ? "Empty" : "ZeroValue";

    private void EmitWriteMapValue(CodeWriter w, PropertyDef p)
    {
        if (p.Shape == Shape.MapOfStringList)
        {
            // map[string]ExtraValue: the value is a wrapper message {repeated string items = 1}.
            w.Line("var inner = writer.BeginMessage();");
            w.Line("if (item is not null) for (var j = item.Count - 1; j >= 0; j--) writer.WriteString(1, item[j]);");
            w.Line("writer.EndMessage(2, inner);");
            return;
        }
        switch (p.Element.Kind)
        {
            case ValueKind.String:
                w.Line("writer.WriteString(2, item);");
                return;
            case ValueKind.Bytes:
                // A nil []byte value is the one map value Go leaves out.
                w.Line("if (item is not null) writer.WriteBytes(2, item);");
                return;
            case ValueKind.Special:
                w.Line("var inner = writer.BeginMessage();");
                w.Line("item.WriteProto(writer);");
                w.Line("writer.EndMessage(2, inner);");
                return;
            default:
                w.Line("var inner = writer.BeginMessage();");
                w.Line($"(item ?? {schema.CsType(p.Element)}.{ZeroName(p)}).WriteProto(writer);");
                w.Line("writer.EndMessage(2, inner);");
                return;
        }
    }
}
