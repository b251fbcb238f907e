using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Cron;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Cron;
using KubeSharp.Controllers.Infrastructure;
using KubeSharp.Controllers.Jobs;

namespace KubeSharp.Controllers.CronJobs;

/// <summary>
/// Upstream's CronJob controller (pkg/controller/cronjob, the v2 controller): keeps status.active in line with the
/// child Jobs, starts a Job named <c>&lt;cronjob&gt;-&lt;scheduled minute since the epoch&gt;</c> for the most recent
/// due schedule time (not when suspended, not past startingDeadlineSeconds), honours concurrencyPolicy (Allow, Forbid,
/// Replace), records lastScheduleTime and lastSuccessfulTime, deletes finished Jobs beyond the history limits, and
/// requeues itself at the next schedule time. Time comes from the context's clock, so tests drive it.
/// </summary>
public sealed class CronJobController : QueueController
{
    /// <summary>The annotation carrying a Job's scheduled time (RFC 3339, in the CronJob's time zone).</summary>
    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    private Lister<CronJob> _cronJobs = null!;
    private Lister<Job> _jobs = null!;
    private IEventRecorder _recorder = null!;

    /// <summary>Creates the controller.</summary>
    public CronJobController(int workers = 5)
        : base(workers)
    {
    }

    /// <inheritdoc/>
    public override string Name => "cronjob";

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        _recorder = context.EventRecorder("cronjob-controller");
        var cronJobs = context.Informers.Informer<CronJob>();
        var jobs = context.Informers.Informer<Job>();
        _cronJobs = cronJobs.Lister;
        _jobs = jobs.Lister;
        cronJobs.AddEventHandler(
            onAdd: (c, _) => Enqueue(Key(c.Metadata)),
            onUpdate: (_, c) => Enqueue(Key(c.Metadata)),
            onDelete: (c, _) => Enqueue(Key(c.Metadata)));
        jobs.AddEventHandler(
            onAdd: (j, _) => EnqueueOwner(j),
            onUpdate: (old, j) =>
            {
                EnqueueOwner(j);
                if (OwnerReferences.GetControllerOf(old.Metadata)?.Uid != OwnerReferences.GetControllerOf(j.Metadata)?.Uid)
                {
                    EnqueueOwner(old);
                }
            },
            onDelete: (j, _) => EnqueueOwner(j));
    }

    private static string Key(ObjectMeta meta) => CacheKeys.Of(meta.Namespace, meta.Name);

    private void EnqueueOwner(Job job)
    {
        if (OwnerReferences.GetControllerOf(job.Metadata) is { Kind: "CronJob" } r && OwnerReferences.GroupOf(r.ApiVersion) == "batch")
        {
            Enqueue(CacheKeys.Of(job.Metadata.Namespace, r.Name));
        }
    }

    /// <summary>The child Job's name for a scheduled time (upstream getJobName: minutes since the epoch).</summary>
    public static string JobName(string cronJobName, DateTimeOffset scheduledTime)
        => cronJobName + "-" + (scheduledTime.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = CacheKeys.Split(key);
        var cached = _cronJobs.Namespace(ns).Get(name);
        if (cached is null)
        {
            return ReconcileResult.Done;
        }
        var cronJob = cached.DeepCopy();
        var children = _jobs.Namespace(ns).List().Where(j => OwnerReferences.GetControllerOf(j.Metadata)?.Uid == cronJob.Metadata.Uid).ToList();
        var now = Context.Clock.GetUtcNow();

        // Upstream syncCronJob: a running child missing from the cached status.active may be one this controller has
        // just created, its status write not yet seen by the informer: the live CronJob then has the fresher status
        // (and resourceVersion), and the whole pass works on it.
        if (children.Any(j => !JobController.IsFinished(j) && !InActive(cronJob, j.Metadata.Uid)))
        {
            var live = await Context.Client.Resource<CronJob>(ns).TryGetAsync(name, cancellationToken);
            if (live is null || live.Metadata.Uid != cronJob.Metadata.Uid)
            {
                return ReconcileResult.Done;
            }
            if (children.Any(j => !JobController.IsFinished(j) && !InActive(cronJob, j.Metadata.Uid) && InActive(live, j.Metadata.Uid)))
            {
                cronJob = live;
            }
        }
        var status = cronJob.Status;
        var original = KubeJson.Serialize(status);

        // The active list follows the children.
        var active = status.Active ?? [];
        var childUids = children.ToDictionary(j => j.Metadata.Uid, StringComparer.Ordinal);
        foreach (var job in children)
        {
            var listed = active.Any(r => r.Uid == job.Metadata.Uid);
            var finished = JobController.IsFinished(job);
            if (!listed && !finished)
            {
                _recorder.Event(cronJob, EventTypes.Warning, "UnexpectedJob", "Saw a job that the controller did not create or forgot: " + job.Metadata.Name);
                active.Add(Reference(job));
            }
            else if (listed && finished)
            {
                var condition = job.Status.Conditions!.First(c => c.Type is "Complete" or "Failed" && c.Status == "True").Type;
                _recorder.Event(cronJob, EventTypes.Normal, "SawCompletedJob", $"Saw completed job: {job.Metadata.Name}, condition: {condition}");
                active.RemoveAll(r => r.Uid == job.Metadata.Uid);
            }
            if (finished && job.Status.Conditions?.Any(c => c.Type == "Complete" && c.Status == "True") == true && job.Status.CompletionTime is { } done
                && (status.LastSuccessfulTime is not { } last || last < done))
            {
                status.LastSuccessfulTime = done;
            }
        }
        // References to Jobs that are gone (the cache may lag behind a fresh create: check the server).
        foreach (var reference in active.ToList())
        {
            if (!childUids.ContainsKey(reference.Uid))
            {
                var live = await Context.Client.Resource<Job>(ns).TryGetAsync(reference.Name, cancellationToken);
                if (live is null || live.Metadata.Uid != reference.Uid)
                {
                    _recorder.Event(cronJob, EventTypes.Normal, "MissingJob", "Active job went missing: " + reference.Name);
                    active.RemoveAll(r => r.Uid == reference.Uid);
                }
            }
        }
        status.Active = active.Count > 0 ? active : null;

        ReconcileResult result = ReconcileResult.Done;
        if (cronJob.Metadata.DeletionTimestamp is null)
        {
            result = await ScheduleAsync(cronJob, now, children, cancellationToken);
            status = cronJob.Status;
        }

        if (KubeJson.Serialize(status) != original)
        {
            // A 409 means this pass worked on a stale CronJob (often this controller's own previous status write, not
            // yet seen by the informer): the key is retried on fresh state, as upstream, and the stale status is never
            // written over the newer one. A Job created above is found again by its name on the next pass.
            try
            {
                await Context.Client.Resource<CronJob>(ns).UpdateStatusAsync(cronJob, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return ReconcileResult.Done;
            }
        }
        if (cronJob.Metadata.DeletionTimestamp is null)
        {
            await CleanupHistoryAsync(cronJob, children, cancellationToken);
        }
        return result;
    }

    private static bool InActive(CronJob cronJob, string uid) => cronJob.Status.Active?.Any(r => r.Uid == uid) == true;

    private static ObjectReference Reference(Job job) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Namespace = job.Metadata.Namespace,
        Name = job.Metadata.Name,
        Uid = job.Metadata.Uid,
        ResourceVersion = job.Metadata.ResourceVersion,
    };

    private async Task<ReconcileResult> ScheduleAsync(CronJob cronJob, DateTimeOffset now, List<Job> children, CancellationToken cancellationToken)
    {
        var status = cronJob.Status;
        var spec = cronJob.Spec;
        var formatted = CronJobSchedule.FormatSchedule(spec.Schedule, spec.TimeZone, out _);
        if (!CronParser.TryParseStandard(formatted, TimeZoneInfo.Utc, out var schedule, out var parseError))
        {
            _recorder.Event(cronJob, EventTypes.Warning, "UnparseableSchedule", $"unparseable schedule: \"{spec.Schedule}\" : {parseError}");
            // Upstream records UnparseableSchedule and does not requeue: an edit brings the CronJob back.
            return ReconcileResult.Done;
        }
        if (spec.Suspend == true)
        {
            return ReconcileResult.Done;
        }
        var created = cronJob.Metadata.CreationTimestamp.ToDateTimeOffset();
        var lastScheduled = status.LastScheduleTime?.ToDateTimeOffset();
        var requeue = CronJobSchedule.NextScheduleTimeDuration(created, lastScheduled, spec.StartingDeadlineSeconds, now, schedule) is { } wait
            ? ReconcileResult.After(wait > TimeSpan.Zero ? wait : TimeSpan.Zero)
            : ReconcileResult.Done;
        var scheduled = CronJobSchedule.NextScheduleTime(created, lastScheduled, spec.StartingDeadlineSeconds, now, schedule, out _, out var error);
        if (error is not null || scheduled is not { } scheduledTime)
        {
            return requeue;
        }
        if (spec.StartingDeadlineSeconds is { } deadline && scheduledTime.AddSeconds(deadline) < now)
        {
            // Missed the starting deadline: wait for the next time.
            _recorder.Event(cronJob, EventTypes.Warning, "MissSchedule", "Missed scheduled time to start a job: "
                + scheduledTime.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture));
            return requeue;
        }
        var jobName = JobName(cronJob.Metadata.Name, scheduledTime);
        var active = status.Active ?? [];
        if (lastScheduled is { } l && l >= scheduledTime)
        {
            return requeue;
        }
        if (spec.ConcurrencyPolicy is "Forbid" or "Replace")
        {
            // A Job is about to start (rare): the caches may lag behind a Job started at the previous time, so the
            // running children are read from the server before deciding.
            var live = await Context.Client.Resource<Job>(cronJob.Metadata.Namespace).ListAsync(cancellationToken: cancellationToken);
            foreach (var child in live.Items)
            {
                if (OwnerReferences.GetControllerOf(child.Metadata)?.Uid == cronJob.Metadata.Uid && !JobController.IsFinished(child)
                    && child.Metadata.DeletionTimestamp is null && active.All(r => r.Uid != child.Metadata.Uid))
                {
                    active.Add(Reference(child));
                }
            }
        }
        if (active.Any(r => r.Name == jobName))
        {
            // This time's Job exists: an earlier pass created it and its status write is not seen yet (or was lost).
            // Upstream's "already processed"; the time is recorded so that Replace never takes it for the previous
            // run and deletes it.
            status.Active = active;
            status.LastScheduleTime = Time.FromDateTimeOffset(scheduledTime);
            return NextRequeue(created, scheduledTime, spec.StartingDeadlineSeconds, now, schedule);
        }
        switch (spec.ConcurrencyPolicy)
        {
            case "Forbid" when active.Count > 0:
                // Upstream: JobAlreadyActive; the time is not recorded, so the Job starts once the active one ends
                // (if still within startingDeadlineSeconds).
                _recorder.Event(cronJob, EventTypes.Normal, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
                return requeue;
            case "Replace":
                foreach (var reference in active.ToList())
                {
                    await DeleteJobAsync(cronJob, reference.Namespace, reference.Name, reference.Uid, cancellationToken);
                    active.RemoveAll(r => r.Uid == reference.Uid);
                }
                break;
        }

        var job = NewJob(cronJob, scheduledTime, schedule);
        Job createdJob;
        try
        {
            createdJob = await Context.Client.Resource<Job>(cronJob.Metadata.Namespace).CreateAsync(job, cancellationToken: cancellationToken);
            _recorder.Event(cronJob, EventTypes.Normal, "SuccessfulCreate", "Created job " + createdJob.Metadata.Name);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            // Created by an earlier pass whose status write was lost: ours if the owner matches.
            var existing = children.FirstOrDefault(j => j.Metadata.Name == jobName)
                ?? await Context.Client.Resource<Job>(cronJob.Metadata.Namespace).TryGetAsync(jobName, cancellationToken);
            if (existing is null || OwnerReferences.GetControllerOf(existing.Metadata)?.Uid != cronJob.Metadata.Uid)
            {
                throw;
            }
            createdJob = existing;
        }
        catch (KubeApiException e) when (!e.IsAlreadyExists)
        {
            _recorder.Event(cronJob, EventTypes.Warning, "FailedCreate", "Error creating job: " + e.Message);
            throw;
        }
        if (!JobController.IsFinished(createdJob) && active.All(r => r.Uid != createdJob.Metadata.Uid))
        {
            active.Add(Reference(createdJob));
        }
        status.Active = active.Count > 0 ? active : null;
        status.LastScheduleTime = Time.FromDateTimeOffset(scheduledTime);
        return NextRequeue(created, scheduledTime, spec.StartingDeadlineSeconds, now, schedule);
    }

    private static ReconcileResult NextRequeue(DateTimeOffset created, DateTimeOffset lastScheduled, long? startingDeadlineSeconds, DateTimeOffset now, CronSchedule schedule)
        => CronJobSchedule.NextScheduleTimeDuration(created, lastScheduled, startingDeadlineSeconds, now, schedule) is { } next
            ? ReconcileResult.After(next > TimeSpan.Zero ? next : TimeSpan.Zero)
            : ReconcileResult.Done;

    /// <summary>
    /// Upstream deleteJob: deletes a Job with background propagation (and its uid as precondition). Done once the Job
    /// is gone or its name holds another object. A 409 is not taken for a uid mismatch: the API server also answers
    /// 409 to a delete that raced a write to the Job (the Job controller updating its status), so the Job is read
    /// again and the delete retried; one that keeps failing fails the pass (upstream: "could not replace job"),
    /// which is retried with backoff (under Replace before any new Job is created).
    /// </summary>
    private async Task DeleteJobAsync(CronJob cronJob, string ns, string name, string uid, CancellationToken cancellationToken)
    {
        var jobs = Context.Client.Resource<Job>(ns);
        var options = new DeleteOptions { PropagationPolicy = "Background", Preconditions = new Preconditions { Uid = uid } };
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                await jobs.DeleteAsync(name, options, cancellationToken);
                _recorder.Event(cronJob, EventTypes.Normal, "SuccessfulDelete", "Deleted job " + name);
                return;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return;
            }
            catch (KubeApiException e) when (e.IsConflict)
            {
                var live = await jobs.TryGetAsync(name, cancellationToken);
                if (live is null || live.Metadata.Uid != uid)
                {
                    return;
                }
            }
        }
        _recorder.Event(cronJob, EventTypes.Warning, "FailedDelete", $"Deleted job: could not delete job {ns}/{name}: the object keeps changing");
        throw new InvalidOperationException($"could not delete job {ns}/{name}");
    }

    /// <summary>Upstream getJobFromTemplate2: the template's labels and annotations plus the scheduled-timestamp
    /// annotation, the controller reference, the template's spec.</summary>
    private static Job NewJob(CronJob cronJob, DateTimeOffset scheduledTime, CronSchedule schedule)
    {
        var template = cronJob.Spec.JobTemplate.DeepCopy();
        var job = new Job { ApiVersion = "batch/v1", Kind = "Job", Spec = template.Spec };
        job.Metadata.Name = JobName(cronJob.Metadata.Name, scheduledTime);
        job.Metadata.Namespace = cronJob.Metadata.Namespace;
        job.Metadata.Labels = template.Metadata.Labels;
        job.Metadata.Annotations = template.Metadata.Annotations ?? [];
        var zone = schedule is SpecSchedule spec ? spec.Location : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(scheduledTime, zone);
        job.Metadata.Annotations[ScheduledTimestampAnnotation] = local.Offset == TimeSpan.Zero
            ? local.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        job.Metadata.OwnerReferences = [OwnerReferences.NewControllerRef(cronJob.Metadata, "batch/v1", "CronJob")];
        return job;
    }

    /// <summary>Upstream cleanupFinishedJobs: the oldest finished Jobs beyond the limits (3 successful and 1 failed by
    /// default) are deleted with background propagation.</summary>
    private async Task CleanupHistoryAsync(CronJob cronJob, List<Job> children, CancellationToken cancellationToken)
    {
        var successful = children.Where(j => j.Status.Conditions?.Any(c => c.Type == "Complete" && c.Status == "True") == true).ToList();
        var failed = children.Where(j => j.Status.Conditions?.Any(c => c.Type == "Failed" && c.Status == "True") == true).ToList();
        await DeleteOldestAsync(cronJob, successful, cronJob.Spec.SuccessfulJobsHistoryLimit ?? 3, cancellationToken);
        await DeleteOldestAsync(cronJob, failed, cronJob.Spec.FailedJobsHistoryLimit ?? 1, cancellationToken);
    }

    private async Task DeleteOldestAsync(CronJob cronJob, List<Job> jobs, int limit, CancellationToken cancellationToken)
    {
        if (jobs.Count <= limit)
        {
            return;
        }
        // Upstream sorts by status.startTime (jobs never started first), then name.
        var ordered = jobs.OrderBy(j => j.Status.StartTime?.ToDateTimeOffset() ?? DateTimeOffset.MinValue).ThenBy(j => j.Metadata.Name, StringComparer.Ordinal);
        foreach (var job in ordered.Take(jobs.Count - limit))
        {
            if (job.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            await DeleteJobAsync(cronJob, job.Metadata.Namespace, job.Metadata.Name, job.Metadata.Uid, cancellationToken);
        }
    }
}
