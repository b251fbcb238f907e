namespace KubeSharp.Storage.Benchmarks;

/// <summary>A database path in a fresh directory, deleted afterwards.</summary>
internal sealed class Scratch : IDisposable
{
    private readonly string _directory;

    public Scratch(string parent)
    {
        _directory = Path.Combine(parent, "kubesharp-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        File = Path.Combine(_directory, "bench.db");
    }

    public string File { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
