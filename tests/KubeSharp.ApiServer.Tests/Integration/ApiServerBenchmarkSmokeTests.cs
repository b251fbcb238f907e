using KubeSharp.ApiServer.Benchmarks;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>
/// Runs every scenario of bench/KubeSharp.ApiServer.Benchmarks at tiny size so the harness cannot rot: each must
/// complete against the real server and do all its work (every pod listed, every watch event delivered to every
/// watcher). No timing is asserted.
/// </summary>
public sealed class ApiServerBenchmarkSmokeTests
{
    [Fact]
    public async Task EveryScenario_RunsAtTinySize_AndDoesAllItsWork()
    {
        var options = BenchOptions.Tiny;
        var log = new StringWriter();

        var results = await ApiServerBench.RunAsync(options, log, CancellationToken.None);

        var byName = results.ToDictionary(r => r.Scenario);
        results.Count.ShouldBe(14, log.ToString());
        foreach (var protocol in options.CreateProtocols)
        {
            byName[$"create 2 KB ConfigMap, {options.Clients} clients, HTTP/{protocol}"].Count.ShouldBeGreaterThan(0);
        }
        results.Single(r => r.Scenario.StartsWith("store engine:", StringComparison.Ordinal)).Count.ShouldBeGreaterThan(0);
        foreach (var protocol in new[] { "1.1", "2" })
        {
            // Every encoding a client asks for lists every pod (the gzipped ones inflated, protobuf decoded).
            foreach (var encoding in new[] { "JSON", "JSON, gzip", "protobuf, gzip" })
            {
                byName[$"list {options.Pods} pods ({encoding}, HTTP/{protocol})"].Count.ShouldBe(options.Pods);
            }
            byName[$"list {options.Pods} pods, limit={options.PageSize} pages (JSON), HTTP/{protocol}"].Count.ShouldBe(options.Pods);
        }
        var watch = results.Single(r => r.Scenario.StartsWith("watch fan-out", StringComparison.Ordinal));
        watch.Detail.ShouldContain("0 failed");
        watch.Count.ShouldBeGreaterThan(0);
        watch.Detail.ShouldStartWith($"{watch.Count:N0} of {watch.Count:N0} deliveries");
        byName["server RSS idle"].Count.ShouldBeGreaterThan(0);
        byName[$"server RSS with {options.Pods} pods"].Count.ShouldBeGreaterThan(0);
    }
}
