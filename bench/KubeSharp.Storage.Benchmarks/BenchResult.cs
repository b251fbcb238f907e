namespace KubeSharp.Storage.Benchmarks;

/// <summary>One line of the report.</summary>
/// <param name="Name">What was measured.</param>
/// <param name="Figure">The headline number, formatted.</param>
/// <param name="Detail">How it was measured (counts, durations, extra statistics).</param>
internal sealed record BenchResult(string Name, string Figure, string Detail);
