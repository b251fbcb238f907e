using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Infrastructure;

namespace KubeSharp.Controllers.Jobs;

/// <summary>
/// Upstream's ttl-after-finished controller: a finished Job (Complete or Failed) with spec.ttlSecondsAfterFinished is
/// deleted that many seconds after its finishing condition's lastTransitionTime, with foreground propagation (its pods
/// go first) and a uid precondition, after re-reading it from the server to see the latest TTL.
/// </summary>
public sealed class TtlAfterFinishedController : QueueController
{
    private Lister<Job> _jobs = null!;

    /// <summary>Creates the controller.</summary>
    public TtlAfterFinishedController(int workers = 5)
        : base(workers)
    {
    }

    /// <inheritdoc/>
    public override string Name => "ttl-after-finished";

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        var jobs = context.Informers.Informer<Job>();
        _jobs = jobs.Lister;
        jobs.AddEventHandler(
            onAdd: (job, _) => EnqueueIfNeeded(job),
            onUpdate: (_, job) => EnqueueIfNeeded(job));
    }

    private void EnqueueIfNeeded(Job job)
    {
        if (NeedsCleanup(job))
        {
            Enqueue(CacheKeys.Of(job.Metadata.Namespace, job.Metadata.Name));
        }
    }

    private static bool NeedsCleanup(Job job)
        => job.Spec.TtlSecondsAfterFinished is not null && job.Metadata.DeletionTimestamp is null && JobController.IsFinished(job);

    /// <summary>When the TTL of a finished Job runs out (null when it has no TTL or is not finished).</summary>
    public static DateTimeOffset? ExpiresAt(Job job)
    {
        if (!NeedsCleanup(job))
        {
            return null;
        }
        var finished = job.Status.Conditions!.First(c => c.Type is "Complete" or "Failed" && c.Status == "True");
        var at = finished.LastTransitionTime.IsZero ? job.Status.CompletionTime?.ToDateTimeOffset() : finished.LastTransitionTime.ToDateTimeOffset();
        return at?.AddSeconds(job.Spec.TtlSecondsAfterFinished!.Value);
    }

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = CacheKeys.Split(key);
        if (_jobs.Namespace(ns).Get(name) is not { } cached || ExpiresAt(cached) is not { } expires)
        {
            return ReconcileResult.Done;
        }
        var now = Context.Clock.GetUtcNow();
        if (expires > now)
        {
            return ReconcileResult.After(expires - now);
        }
        // The cache may be stale (the TTL changed): decide on a fresh copy.
        var client = Context.Client.Resource<Job>(ns);
        var fresh = await client.TryGetAsync(name, cancellationToken);
        if (fresh is null || ExpiresAt(fresh) is not { } freshExpires)
        {
            return ReconcileResult.Done;
        }
        if (freshExpires > now)
        {
            return ReconcileResult.After(freshExpires - now);
        }
        try
        {
            await client.DeleteAsync(name, new DeleteOptions { PropagationPolicy = "Foreground", Preconditions = new Preconditions { Uid = fresh.Metadata.Uid } }, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
        }
        return ReconcileResult.Done;
    }
}
