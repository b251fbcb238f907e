namespace KubeSharp.Api.Benchmarks;

/// <summary>Benchmark inputs under Data/, copied next to the binary.</summary>
internal static class BenchData
{
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", name));
}
