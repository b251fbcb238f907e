using System.Text.Json;

namespace KubeSharp.ApiGen;

/// <summary>Turns schema.json into the files of src/KubeSharp.Api/Generated (paths relative to that folder).</summary>
public static class Generator
{
    public const string SchemaPath = "src/KubeSharp.Api/Schema/schema.json";
    public const string OutputPath = "src/KubeSharp.Api/Generated";

    public static SortedDictionary<string, string> Generate(string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        var schema = new SchemaModel(document);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var models = new ModelEmitter(schema);
        var proto = new ProtoEmitter(schema);
        foreach (var type in schema.Types.Values.Where(t => !t.IsSpecial))
        {
            var folder = type.Namespace["KubeSharp.Api.".Length..].Replace('.', '/');
            files[$"{folder}/{type.ClassName}.cs"] = models.Emit(type);
            if (ProtoEmitter.IsMessage(type))
            {
                files[$"{folder}/{type.ClassName}.Proto.cs"] = proto.Emit(type);
            }
        }
        foreach (var (path, content) in EnumEmitter.Emit(schema))
        {
            if (!files.TryAdd(path, content))
            {
                throw new InvalidOperationException($"two generated files at {path}");
            }
        }
        files["JsonNames.cs"] = JsonNamesEmitter.Emit(schema.Types.Values.SelectMany(t => t.Properties).Select(p => p.JsonName));
        files["ApiTypes.Generated.cs"] = RegistryEmitter.Emit(schema);
        return files;
    }

    /// <summary>Finds the repository root (the folder with KubeSharp.slnx) from <paramref name="start"/> upwards.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KubeSharp.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no KubeSharp.slnx above {start}");
    }
}
