using System.Text.Json;

namespace KubeSharp.ApiGen;

/// <summary>Emits the string constants of the schema's enums (Go's typed constants, e.g. PodPhase.PodRunning).</summary>
internal static class EnumEmitter
{
    public static IEnumerable<(string Path, string Content)> Emit(SchemaModel schema)
    {
        foreach (var e in schema.Document.RootElement.GetProperty("enums").EnumerateObject())
        {
            var (ns, className) = Naming.Place(e.Name);
            if (schema.Types.Values.Any(t => t.Namespace == ns && t.ClassName == className))
            {
                throw new InvalidOperationException($"enum {e.Name} collides with a type");
            }
            var w = new CodeWriter();
            Header.Write(w, e.Name);
            w.Line($"namespace {ns};");
            w.Line();
            var closed = e.Value.TryGetProperty("enumMarker", out var marker) && marker.GetBoolean();
            w.Line($"/// <summary>Values of <c>{e.Name}</c> ({(closed ? "a closed set" : "well-known values of an open set")}).</summary>");
            w.Open($"public static class {className}");
            foreach (var constant in e.Value.GetProperty("constants").EnumerateObject())
            {
                var name = constant.Name == className ? constant.Name + "Value" : constant.Name;
                w.Line($"public const string {name} = {CodeWriter.Quote(constant.Value.GetString()!)};");
            }
            if (e.Value.GetProperty("values").ValueKind == JsonValueKind.Array)
            {
                w.Line();
                w.Line("/// <summary>The distinct values, in declaration order.</summary>");
                w.Line($"public static global::System.Collections.Generic.IReadOnlyList<string> Values {{ get; }} = [{string.Join(", ", e.Value.GetProperty("values").EnumerateArray().Select(v => CodeWriter.Quote(v.GetString()!)))}];");
            }
            w.Close();
            yield return ($"{ns["KubeSharp.Api.".Length..].Replace('.', '/')}/{className}.cs", w.ToString());
        }
    }
}
