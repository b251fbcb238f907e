namespace KubeSharp.ApiGen;

/// <summary>
/// Usage: KubeSharp.ApiGen [--check] [--root DIR]
/// Writes src/KubeSharp.Api/Generated from src/KubeSharp.Api/Schema/schema.json (replacing the folder),
/// or with --check exits 1 when the folder differs from what the schema generates.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var check = args.Contains("--check");
        var rootIndex = Array.IndexOf(args, "--root");
        var root = rootIndex >= 0 && rootIndex + 1 < args.Length ? args[rootIndex + 1] : Generator.FindRepositoryRoot(Environment.CurrentDirectory);
        var files = Generator.Generate(File.ReadAllText(Path.Combine(root, Generator.SchemaPath)));
        var output = Path.Combine(root, Generator.OutputPath);
        if (check)
        {
            var stale = Drift.Find(output, files);
            foreach (var line in stale)
            {
                Console.Error.WriteLine(line);
            }
            return stale.Count == 0 ? 0 : 1;
        }
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(output, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        Console.WriteLine($"wrote {files.Count} files to {Generator.OutputPath}");
        return 0;
    }
}
