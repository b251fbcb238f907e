using System.Net;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Registry;
using KubeSharp.Storage;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Services;

/// <summary>
/// Upstream's ClusterIP and NodePort repair controllers: the persisted bitmaps are checked against the Services
/// read at the same store revision. Values a Service holds but the bitmap lacks are marked (and a bitmap of another
/// range, after a range change, is rebuilt); values marked but held by no Service are released only after they were
/// seen leaked in <see cref="RepairsBeforeLeakCleanup"/> consecutive runs, so a Service being created by another
/// server (allocated, not yet written) keeps its value. Runs once at startup and then every
/// <see cref="Interval"/>. The write is compare-and-swap: a concurrent allocation makes the run start over.
/// </summary>
public sealed partial class AllocationRepair(ServiceAllocations allocations, ResourceDefinition services, IKeyValueStore store, TimeProvider time, ILogger? logger = null)
{
    /// <summary>Upstream's numRepairsBeforeLeakCleanup.</summary>
    public const int RepairsBeforeLeakCleanup = 3;

    /// <summary>Upstream's repair interval (3 minutes).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(3);

    private Dictionary<int, int> _ipLeaks = [];
    private Dictionary<int, int> _portLeaks = [];

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var ips = allocations.ClusterIPs;
        _ipLeaks = await RepairAsync(ips.Range, _ipLeaks, service =>
        {
            if (!ServiceFields.NeedsClusterIP(service) || ServiceFields.IsHeadless(service))
            {
                return [];
            }
            var offsets = new List<int>();
            foreach (var ip in service.Spec.ClusterIPs ?? [])
            {
                if (IPAddress.TryParse(ip, out var address) && ips.OffsetOf(address) is { } offset)
                {
                    offsets.Add(offset);
                }
            }
            return offsets;
        }, cancellationToken);
        var ports = allocations.NodePorts;
        _portLeaks = await RepairAsync(ports.Range, _portLeaks, service =>
        {
            var held = ServiceFields.NodePorts(service);
            if (ServiceFields.NeedsHealthCheckNodePort(service) && service.Spec.HealthCheckNodePort != 0)
            {
                held.Add(service.Spec.HealthCheckNodePort);
            }
            return held.Where(ports.Contains).Select(p => p - ports.Base);
        }, cancellationToken);
    }

    /// <summary>Repairs every <see cref="Interval"/> until cancelled; failures are logged and retried next time.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
        => Hosting.PeriodicTask.RunAsync(Interval, time, RunOnceAsync, e =>
        {
            if (logger is not null)
            {
                LogRepairFailed(logger, e);
            }
        }, cancellationToken);

    private async Task<Dictionary<int, int>> RepairAsync(PersistedRange range, Dictionary<int, int> previousLeaks,
        Func<Service, IEnumerable<int>> held, CancellationToken cancellationToken)
    {
        return await range.UpdateAsync(async (bitmap, revision) =>
        {
            var expected = new HashSet<int>();
            await foreach (var service in ServicesAtAsync(revision, cancellationToken))
            {
                expected.UnionWith(held(service));
            }
            var changed = false;
            foreach (var offset in expected)
            {
                changed |= bitmap.Allocate(offset);
            }
            var leaks = new Dictionary<int, int>();
            foreach (var offset in bitmap.Allocated().Where(o => !expected.Contains(o)).ToList())
            {
                var seen = previousLeaks.GetValueOrDefault(offset) + 1;
                if (seen >= RepairsBeforeLeakCleanup)
                {
                    bitmap.Release(offset);
                    changed = true;
                }
                else
                {
                    leaks[offset] = seen;
                }
            }
            return (leaks, changed);
        }, cancellationToken, reset: true);
    }

    private async IAsyncEnumerable<Service> ServicesAtAsync(long revision, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = RangeRequest.Prefix(services.Prefix(""), revision, limit: 500);
        while (true)
        {
            var page = await store.RangeAsync(request, cancellationToken);
            foreach (var kv in page.Kvs)
            {
                yield return KubeJson.Deserialize<Service>(kv.Value);
            }
            if (!page.More || page.Kvs.Count == 0)
            {
                yield break;
            }
            request = request with { Key = page.Kvs[^1].Key + "\0", Revision = page.Revision };
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "repairing the service allocation ranges failed")]
    private static partial void LogRepairFailed(ILogger logger, Exception e);
}
