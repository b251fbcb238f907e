using KubeSharp.Api;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.ApiServer.Registry;

/// <summary>What a delete does to an object whose strategy deletes gracefully.</summary>
/// <param name="Graceful">The object was marked (deletionTimestamp, deletionGracePeriodSeconds) and is written back.</param>
/// <param name="Pending">A graceful deletion is already under way and this request does not shorten it: nothing changes.</param>
public readonly record struct GracefulDeleteDecision(bool Graceful, bool Pending);

/// <summary>Upstream's rest.BeforeDelete for graceful strategies: marks an object for deletion in
/// <c>grace</c> seconds, or shortens a pending graceful deletion (it never lengthens one).</summary>
public static class GracefulDeletion
{
    /// <summary>Applies the decision to <paramref name="obj"/> (a private copy) and <paramref name="options"/>.</summary>
    public static GracefulDeleteDecision BeforeDelete(IGracefulDeleteStrategy strategy, IKubeMetaObject obj, DeleteOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(options);
        var meta = obj.Metadata;
        if (options.GracePeriodSeconds is < 0)
        {
            options.GracePeriodSeconds = 1;
        }
        if (meta.DeletionGracePeriodSeconds is < 0)
        {
            meta.DeletionGracePeriodSeconds = 1;
        }
        if (meta.DeletionTimestamp is { } deletionTimestamp)
        {
            // Already being deleted: with no (or a zero) grace period left it goes now; otherwise a request may only
            // shorten the wait.
            if (meta.DeletionGracePeriodSeconds is null or 0)
            {
                return new GracefulDeleteDecision(false, false);
            }
            var current = meta.DeletionGracePeriodSeconds.Value;
            if (options.GracePeriodSeconds is { } requested)
            {
                if (requested >= current)
                {
                    return new GracefulDeleteDecision(false, true);
                }
                var start = deletionTimestamp.ToDateTimeOffset().AddSeconds(-current);
                meta.DeletionTimestamp = Time.FromDateTimeOffset(start.AddSeconds(requested)).Rfc3339Copy();
                meta.DeletionGracePeriodSeconds = requested;
                return new GracefulDeleteDecision(true, false);
            }
            options.GracePeriodSeconds = current;
            return new GracefulDeleteDecision(false, true);
        }
        if (!strategy.CheckGracefulDelete(obj, options))
        {
            return new GracefulDeleteDecision(false, false);
        }
        var grace = options.GracePeriodSeconds ?? 0;
        meta.DeletionTimestamp = Time.FromDateTimeOffset(time.GetUtcNow().AddSeconds(grace)).Rfc3339Copy();
        meta.DeletionGracePeriodSeconds = grace;
        // The first graceful deletion changes what controllers may do with the object: generation moves on.
        if (meta.Generation > 0)
        {
            meta.Generation++;
        }
        return new GracefulDeleteDecision(true, false);
    }
}
