namespace KubeSharp.Api.Tests;

/// <summary>The upstream round-trip fixtures copied into Fixtures/ (JSON, YAML and protobuf twins).</summary>
public static class FixtureFiles
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>Fixture base names (without extension), e.g. "core.v1.Pod".</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }
        return data;
    }

    public static byte[] Json(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".json"));

    public static string Yaml(string name) => File.ReadAllText(Path.Combine(Directory, name + ".yaml"));

    public static byte[] Protobuf(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".pb"));
}
