namespace KubeSharp.ApiGen;

/// <summary>Emits ApiTypes.Generated.cs: one ApiTypeInfo per group/version/kind with its codec delegates.</summary>
internal static class RegistryEmitter
{
    public static string Emit(SchemaModel schema)
    {
        var w = new CodeWriter();
        Header.Write(w, "x-kubernetes-group-version-kind");
        w.Line("namespace KubeSharp.Api;");
        w.Line();
        w.Open("public static partial class ApiTypes");
        w.Line("private static global::KubeSharp.Api.ApiTypeInfo[] CreateAll() =>");
        w.Line("[");
        w.Indent();
        foreach (var type in schema.Types.Values.Where(t => !t.IsSpecial))
        {
            foreach (var (group, version, kind) in type.Gvks)
            {
                w.Line($"new({CodeWriter.Quote(group)}, {CodeWriter.Quote(version)}, {CodeWriter.Quote(kind)}, {CodeWriter.Quote(type.ModelName)}, typeof({type.FullName}),");
                w.Line($"    static (ref global::System.Text.Json.Utf8JsonReader r, global::KubeSharp.Api.Serialization.JsonDecodeContext c) => {type.FullName}.ReadJson(ref r, c),");
                if (ProtoEmitter.IsMessage(type))
                {
                    w.Line($"    static (w, o) => (({type.FullName})o).WriteJson(w),");
                    w.Line($"    static (ref global::KubeSharp.Api.Protobuf.ProtoReader r) => {type.FullName}.ReadProto(ref r),");
                    w.Line($"    static (w, o) => (({type.FullName})o).WriteProto(w)),");
                }
                else
                {
                    w.Line($"    static (w, o) => (({type.FullName})o).WriteJson(w)),");
                }
            }
        }
        w.Outdent();
        w.Line("];");
        w.Close();
        return w.ToString();
    }
}
