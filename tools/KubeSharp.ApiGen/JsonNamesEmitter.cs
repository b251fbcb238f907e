using System.Text;

namespace KubeSharp.ApiGen;

/// <summary>Emits JsonNames: one pre-encoded property name per distinct JSON name, shared by all writers.</summary>
internal static class JsonNamesEmitter
{
    public static string Identifier(string jsonName)
    {
        var sb = new StringBuilder("N_");
        foreach (var c in jsonName)
        {
            sb.Append(char.IsLetterOrDigit(c) ? c : '_');
        }
        return sb.ToString();
    }

    public static string Reference(string jsonName) => "global::KubeSharp.Api.Serialization.JsonNames." + Identifier(jsonName);

    public static string Emit(IEnumerable<string> names)
    {
        var w = new CodeWriter();
        Header.Write(w, "all property names");
        w.Line("namespace KubeSharp.Api.Serialization;");
        w.Line();
        w.Line("/// <summary>Pre-encoded JSON property names of every generated type.</summary>");
        w.Open("internal static class JsonNames");
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var id = Identifier(name);
            if (!used.Add(id))
            {
                throw new InvalidOperationException($"JSON name identifier collision: {id}");
            }
            w.Line($"internal static readonly global::System.Text.Json.JsonEncodedText {id} = global::System.Text.Json.JsonEncodedText.Encode({CodeWriter.Quote(name)}, global::System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);");
        }
        w.Close();
        return w.ToString();
    }
}
