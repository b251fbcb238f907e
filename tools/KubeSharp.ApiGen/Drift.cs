namespace KubeSharp.ApiGen;

/// <summary>Compares generated files with a folder on disk.</summary>
public static class Drift
{
    /// <summary>Lines describing every file that is missing, extra or different; empty when in sync.</summary>
    public static List<string> Find(string folder, IReadOnlyDictionary<string, string> files)
    {
        var problems = new List<string>();
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(folder, path);
            if (!File.Exists(full))
            {
                problems.Add($"missing: {path}");
            }
            else if (File.ReadAllText(full) != content)
            {
                problems.Add($"differs: {path}");
            }
        }
        if (Directory.Exists(folder))
        {
            foreach (var full in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                var path = Path.GetRelativePath(folder, full).Replace('\\', '/');
                if (!files.ContainsKey(path))
                {
                    problems.Add($"extra: {path}");
                }
            }
        }
        return problems;
    }
}
