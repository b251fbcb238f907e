using System.Diagnostics;

namespace KubeSharp.ApiServer.Benchmarks;

/// <summary>
/// What a measured stretch of a bench cost: process CPU time, bytes allocated (this thread's, or the whole process's),
/// wall time and gen0 collections. Starts after a full collection so that earlier garbage is not billed to it.
/// </summary>
internal sealed class ProcessCost
{
    private readonly bool _thisThreadOnly;
    private readonly TimeSpan _cpuBefore;
    private readonly long _bytesBefore;
    private readonly int _gen0Before;
    private readonly long _started;

    private ProcessCost(bool thisThreadOnly)
    {
        _thisThreadOnly = thisThreadOnly;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        _cpuBefore = process.TotalProcessorTime;
        _bytesBefore = AllocatedBytes();
        _gen0Before = GC.CollectionCount(0);
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts measuring; <paramref name="thisThreadOnly"/>: count only this thread's allocations (a
    /// synchronous loop), else the whole process's.</summary>
    public static ProcessCost Start(bool thisThreadOnly = false) => new(thisThreadOnly);

    /// <summary>The cost since <see cref="Start"/>.</summary>
    public (TimeSpan Cpu, long Bytes, TimeSpan Elapsed, int Gen0) Stop()
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        var bytes = AllocatedBytes() - _bytesBefore;
        using var process = Process.GetCurrentProcess();
        return (process.TotalProcessorTime - _cpuBefore, bytes, elapsed, GC.CollectionCount(0) - _gen0Before);
    }

    private long AllocatedBytes() => _thisThreadOnly ? GC.GetAllocatedBytesForCurrentThread() : GC.GetTotalAllocatedBytes(precise: true);
}
