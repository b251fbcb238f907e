namespace KubeSharp.ApiServer.Benchmarks;

/// <summary>One row of the results table; <see cref="Count"/> is what was done (requests, items, deliveries), so a
/// smoke run can check the scenario really ran.</summary>
public sealed record BenchResult(string Scenario, string Figure, string Target, string Detail, long Count);
