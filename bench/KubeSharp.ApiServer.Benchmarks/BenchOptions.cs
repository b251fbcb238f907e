namespace KubeSharp.ApiServer.Benchmarks;

/// <summary>Sizes and durations of one run. <see cref="Full"/> is issue 4's targets; <see cref="Quick"/> a short
/// smoke run; <see cref="Tiny"/> what the test suite runs so the harness cannot rot.</summary>
public sealed record BenchOptions
{
    /// <summary>Seconds each throughput phase runs (creates, raw store creates, watch writes).</summary>
    public double Seconds { get; init; } = 10;

    /// <summary>Concurrent clients of the create scenario (and writers of the raw store run).</summary>
    public int Clients { get; init; } = 64;

    /// <summary>Pods in the list and RSS scenarios.</summary>
    public int Pods { get; init; } = 10_000;

    /// <summary>Timed repetitions of each list.</summary>
    public int ListRepetitions { get; init; } = 30;

    /// <summary>Page size of the paged list.</summary>
    public int PageSize { get; init; } = 500;

    public int Watchers { get; init; } = 1000;

    /// <summary>Seconds to keep the loaded list server up for outside tools (curl, perf) before timing; 0 = none.</summary>
    public double HoldSeconds { get; init; }

    /// <summary>Writes per second in the watched namespace: each one is an event for every watcher.</summary>
    public int WatchEventsPerSecond { get; init; } = 100;

    /// <summary>HTTP versions of the create scenario: "1.1", "2" or both.</summary>
    public IReadOnlyList<string> CreateProtocols { get; init; } = ["1.1", "2"];

    /// <summary>`kubesharp server` binary for the RSS scenario; null measures this process instead.</summary>
    public string? ServerExecutable { get; init; }

    /// <summary>Scenario names to run (substring match); empty runs all.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>Folder for the temp data dirs.</summary>
    public string TempRoot { get; init; } = Path.GetTempPath();

    public static BenchOptions Full { get; } = new();

    public static BenchOptions Quick { get; } = new()
    {
        Seconds = 2,
        Pods = 2000,
        ListRepetitions = 5,
        Watchers = 200,
        CreateProtocols = ["2"],
    };

    public static BenchOptions Tiny { get; } = new()
    {
        Seconds = 0.5,
        Clients = 4,
        Pods = 30,
        ListRepetitions = 2,
        PageSize = 7,
        Watchers = 5,
        WatchEventsPerSecond = 20,
        CreateProtocols = ["1.1", "2"],
    };

    public bool Runs(string scenario) => Only.Count == 0 || Only.Any(o => scenario.Contains(o, StringComparison.OrdinalIgnoreCase));
}
