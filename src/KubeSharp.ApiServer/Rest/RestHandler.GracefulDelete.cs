using KubeSharp.Api;
using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Rest;

/// <summary>Deletion of kinds with a graceful strategy (pods), as upstream's Store.Delete with
/// updateForGracefulDeletionAndFinalizers: the object is first marked (deletionTimestamp = now + grace,
/// deletionGracePeriodSeconds = grace); with a grace period of 0 and no finalizers it is then removed at once,
/// otherwise it stays until someone deletes it again with grace 0 (the kubelet) or its finalizers are gone.</summary>
public sealed partial class RestHandler
{
    private async Task<DeleteOutcome> DeleteGracefullyAsync(ResourceStore rs, CachedObject current, DeleteOptions deleteOptions,
        IGracefulDeleteStrategy strategy, bool dryRun, CancellationToken cancellationToken)
    {
        // Each object gets its own options: the strategy writes the chosen grace period into them.
        var options = deleteOptions.DeepCopy();
        var probe = (IKubeMetaObject)RequestBody.Reencode(rs.Resource, current.Object);
        var decision = GracefulDeletion.BeforeDelete(strategy, probe, options, time);
        if (decision.Pending)
        {
            return DeleteOutcome.AlreadyPending(current);
        }
        var gcFinalizer = GcFinalizer(options);
        var finalizers = current.Object.Metadata.Finalizers ?? [];
        var pendingFinalizers = finalizers.Count > 0;
        if (decision.Graceful || pendingFinalizers || (gcFinalizer is not null && !finalizers.Contains(gcFinalizer)))
        {
            var outcome = GracefulOutcome.Written;
            long lastGrace = 0;
            CachedObject marked;
            try
            {
                (marked, _) = await rs.GuaranteedUpdateAsync(current.Object.Metadata.Namespace, current.Object.Metadata.Name, latest =>
                {
                    if (latest is null)
                    {
                        throw ApiErrors.NotFound(rs.Resource.GroupResource, current.Object.Metadata.Name);
                    }
                    CheckPreconditions(rs.Resource, latest, options);
                    var again = GracefulDeletion.BeforeDelete(strategy, latest, options, time);
                    if (again.Pending)
                    {
                        outcome = GracefulOutcome.AlreadyDeleting;
                        throw new GracefulDeleteStop();
                    }
                    var meta = latest.Metadata;
                    if (gcFinalizer is not null && !(meta.Finalizers ?? []).Contains(gcFinalizer))
                    {
                        (meta.Finalizers ??= []).Add(gcFinalizer);
                    }
                    pendingFinalizers = meta.Finalizers is { Count: > 0 };
                    if (!again.Graceful)
                    {
                        if (!pendingFinalizers)
                        {
                            outcome = GracefulOutcome.DeleteNow;
                            throw new GracefulDeleteStop();
                        }
                        meta.DeletionTimestamp ??= Time.Now(time).Rfc3339Copy();
                        meta.DeletionGracePeriodSeconds = 0;
                        return latest;
                    }
                    lastGrace = options.GracePeriodSeconds ?? 0;
                    return latest;
                }, dryRun, null, cancellationToken);
            }
            catch (GracefulDeleteStop)
            {
                if (outcome == GracefulOutcome.AlreadyDeleting)
                {
                    return DeleteOutcome.AlreadyPending(current);
                }
                return DeleteOutcome.Removed(await DeleteNowAsync(rs, current.Object.Metadata.Namespace, current.Object.Metadata.Name, options, dryRun, ignoreNotFound: null, cancellationToken));
            }
            if (pendingFinalizers || lastGrace > 0)
            {
                return DeleteOutcome.Marked(marked);
            }
            if (dryRun)
            {
                // Upstream stops a dry run here and answers with the object as it would have been marked.
                return new DeleteOutcome(marked, Deleted: true, Finalized: false);
            }
            // Marked with a zero grace period: remove it now (someone else may have won the race: that is fine).
            return DeleteOutcome.Removed(await DeleteNowAsync(rs, current.Object.Metadata.Namespace, current.Object.Metadata.Name, options, dryRun, ignoreNotFound: marked, cancellationToken));
        }
        CheckPreconditions(rs.Resource, current.Object, options);
        return DeleteOutcome.Removed(await rs.DeleteAsync(current, dryRun, cancellationToken));
    }

    private static async Task<CachedObject> DeleteNowAsync(ResourceStore rs, string ns, string name, DeleteOptions options, bool dryRun,
        CachedObject? ignoreNotFound, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            CachedObject latest;
            try
            {
                latest = await rs.GetAsync(ns, name, cancellationToken);
            }
            catch (ApiStatusException e) when (e.Status.Code == 404 && ignoreNotFound is not null)
            {
                return ignoreNotFound;
            }
            CheckPreconditions(rs.Resource, latest.Object, options);
            try
            {
                return await rs.DeleteAsync(latest, dryRun, cancellationToken);
            }
            catch (ApiStatusException e) when (e.Status.Code == 404 && ignoreNotFound is not null)
            {
                return ignoreNotFound;
            }
            catch (ApiStatusException e) when (e.Status.Code == 409 && attempt < 10)
            {
                // Written meanwhile: check the preconditions against the fresh object and go again.
            }
        }
    }

    private static void CheckPreconditions(ResourceDefinition resource, IKubeMetaObject obj, DeleteOptions options)
    {
        if (options.Preconditions is not { } preconditions)
        {
            return;
        }
        var meta = obj.Metadata;
        if (preconditions.Uid is { Length: > 0 } uid && uid != meta.Uid)
        {
            throw ApiErrors.Conflict(resource.GroupResource, meta.Name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {meta.Uid}");
        }
        if (preconditions.ResourceVersion is { Length: > 0 } rv && rv != meta.ResourceVersion)
        {
            throw ApiErrors.Conflict(resource.GroupResource, meta.Name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {meta.ResourceVersion}");
        }
    }

    private static string? GcFinalizer(DeleteOptions options) => options.PropagationPolicy switch
    {
        "Foreground" => "foregroundDeletion",
        "Orphan" => "orphan",
        _ => options.OrphanDependents == true ? "orphan" : null,
    };

    private enum GracefulOutcome
    {
        Written,
        AlreadyDeleting,
        DeleteNow,
    }

    /// <summary>Ends a guaranteed update without writing (upstream's errAlreadyDeleting / errDeleteNow).</summary>
    private sealed class GracefulDeleteStop : Exception
    {
        public GracefulDeleteStop() : base("graceful deletion needs no update")
        {
        }
    }
}
