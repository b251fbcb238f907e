using KubeSharp.Api;
using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Infrastructure;
using KubeSharp.Controllers.Replication;

namespace KubeSharp.Controllers.Jobs;

/// <summary>
/// Upstream's Job controller (pkg/controller/job): runs pods from the template until spec.completions succeed
/// (NonIndexed: at most min(parallelism, remaining) active; Indexed: one pod per completion index), counts terminated
/// pods exactly once through the batch.kubernetes.io/job-tracking finalizer and status.uncountedTerminatedPods, fails the
/// Job past spec.backoffLimit (BackoffLimitExceeded), spec.activeDeadlineSeconds (DeadlineExceeded) or on a FailJob rule
/// of spec.podFailurePolicy (PodFailurePolicy; Ignore rules keep a failure out of the count), and finishes it
/// with the 1.32 condition pairs SuccessCriteriaMet + Complete and FailureTarget + Failed.
/// </summary>
public sealed class JobController : QueueController
{
    /// <summary>The finalizer that keeps a pod until the controller has counted it.</summary>
    public const string TrackingFinalizer = "batch.kubernetes.io/job-tracking";

    /// <summary>The completion index annotation and label of Indexed Jobs' pods.</summary>
    public const string CompletionIndexKey = "batch.kubernetes.io/job-completion-index";

    /// <summary>Upstream DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff.</summary>
    private static readonly TimeSpan BaseBackoff = TimeSpan.FromSeconds(10), MaxBackoff = TimeSpan.FromMinutes(6);

    private ControllerExpectations _expectations = null!;
    private Lister<Job> _jobs = null!;
    private Lister<Pod> _pods = null!;
    private IEventRecorder _recorder = null!;

    /// <summary>Creates the controller.</summary>
    public JobController(int workers = 5)
        : base(workers)
    {
    }

    /// <inheritdoc/>
    public override string Name => "job";

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        _expectations = new ControllerExpectations(context.Clock);
        _recorder = context.EventRecorder("job-controller");
        var jobs = context.Informers.Informer<Job>();
        var pods = context.Informers.Informer<Pod>();
        _jobs = jobs.Lister;
        _pods = pods.Lister;
        jobs.AddEventHandler(
            onAdd: (job, _) => Enqueue(Key(job.Metadata)),
            onUpdate: (_, job) => Enqueue(Key(job.Metadata)),
            onDelete: (job, _) =>
            {
                _expectations.Delete(Key(job.Metadata));
                Enqueue(Key(job.Metadata));
            });
        pods.AddEventHandler(
            onAdd: (pod, _) =>
            {
                if (OwnerJobKey(pod) is { } key)
                {
                    if (pod.Metadata.DeletionTimestamp is null)
                    {
                        _expectations.CreationObserved(key);
                    }
                    Enqueue(key);
                }
            },
            onUpdate: (old, pod) =>
            {
                if (old.Metadata.ResourceVersion != pod.Metadata.ResourceVersion && OwnerJobKey(pod) is { } key)
                {
                    if (pod.Metadata.DeletionTimestamp is not null && old.Metadata.DeletionTimestamp is null)
                    {
                        _expectations.DeletionObserved(key, Key(pod.Metadata));
                    }
                    Enqueue(key);
                }
            },
            onDelete: (pod, _) =>
            {
                if (OwnerJobKey(pod) is { } key)
                {
                    _expectations.DeletionObserved(key, Key(pod.Metadata));
                    Enqueue(key);
                }
            });
    }

    private static string Key(ObjectMeta meta) => CacheKeys.Of(meta.Namespace, meta.Name);

    private static string? OwnerJobKey(Pod pod)
        => OwnerReferences.GetControllerOf(pod.Metadata) is { Kind: "Job" } r && OwnerReferences.GroupOf(r.ApiVersion) == "batch"
            ? CacheKeys.Of(pod.Metadata.Namespace, r.Name)
            : null;

    /// <summary>A finished Job has Complete=True or Failed=True.</summary>
    public static bool IsFinished(Job job)
        => job.Status.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true;

    private static bool HasCondition(Job job, string type) => job.Status.Conditions?.Any(c => c.Type == type && c.Status == "True") == true;

    private static bool IsIndexed(Job job) => job.Spec.CompletionMode == "Indexed";

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = CacheKeys.Split(key);
        var cached = _jobs.Namespace(ns).Get(name);
        if (cached is null)
        {
            _expectations.Delete(key);
            // Pods of a deleted Job keep their finalizer otherwise.
            await RemoveFinalizersAsync(ns, _pods.Namespace(ns).List().Where(p => OwnerJobKey(p) == key && HasFinalizer(p)), cancellationToken);
            return ReconcileResult.Done;
        }
        var job = cached.DeepCopy();
        var uid = job.Metadata.Uid;
        var pods = _pods.Namespace(ns).List().Where(p => OwnerReferences.GetControllerOf(p.Metadata)?.Uid == uid).ToList();
        var now = Context.Clock.GetUtcNow();
        var status = job.Status;
        var original = KubeJson.Serialize(status);

        if (IsFinished(job))
        {
            await RemoveFinalizersAsync(ns, pods.Where(HasFinalizer), cancellationToken);
            return ReconcileResult.Done;
        }
        var satisfied = _expectations.Satisfied(key);
        status.UncountedTerminatedPods ??= new UncountedTerminatedPods();
        var suspended = job.Spec.Suspend == true;
        if (status.StartTime is null && !suspended)
        {
            status.StartTime = Time.FromDateTimeOffset(now).Rfc3339Copy();
        }

        // Terminal pods still carrying the finalizer are recorded as uncounted first, so that a crash between removing
        // the finalizer and counting never loses or double-counts one.
        var uncounted = status.UncountedTerminatedPods;
        var uncountedSucceeded = new HashSet<string>(uncounted.Succeeded ?? [], StringComparer.Ordinal);
        var uncountedFailed = new HashSet<string>(uncounted.Failed ?? [], StringComparer.Ordinal);
        var completed = IndexSet.Parse(status.CompletedIndexes);
        var terminalWithFinalizer = pods.Where(p => HasFinalizer(p) && IsTerminal(p)).ToList();
        string? failJobMessage = null;
        foreach (var pod in terminalWithFinalizer.OrderBy(FinishTime))
        {
            if (pod.Status.Phase == "Succeeded")
            {
                uncountedSucceeded.Add(pod.Metadata.Uid);
                continue;
            }
            var decision = PodFailurePolicies.Evaluate(job.Spec.PodFailurePolicy, pod);
            if (decision.Counts)
            {
                uncountedFailed.Add(pod.Metadata.Uid);
            }
            failJobMessage ??= decision.FailJobMessage;
        }
        var active = pods.Where(p => PodUtil.IsActive(p)).ToList();
        var failedSoFar = status.Failed + uncountedFailed.Count;
        var backoffLimit = job.Spec.BackoffLimit ?? 6;

        // Finishing: past the backoff limit or the deadline.
        (string Reason, string Message)? failure = null;
        if (status.Conditions?.FirstOrDefault(c => c.Type == "FailureTarget" && c.Status == "True") is { } target)
        {
            // Decided by an earlier pass: finish what it started.
            failure = (target.Reason, target.Message);
        }
        else if (failJobMessage is not null)
        {
            failure = ("PodFailurePolicy", failJobMessage);
        }
        else if (failedSoFar > backoffLimit)
        {
            failure = ("BackoffLimitExceeded", "Job has reached the specified backoff limit");
        }
        else if (job.Spec.ActiveDeadlineSeconds is { } deadline && status.StartTime is { } start && !suspended
                 && now >= start.ToDateTimeOffset().AddSeconds(deadline))
        {
            failure = ("DeadlineExceeded", "Job was active longer than specified deadline");
        }

        var doomed = new List<Pod>();
        if (failure is not null)
        {
            // Active pods are deleted and counted as failed.
            foreach (var pod in active)
            {
                uncountedFailed.Add(pod.Metadata.Uid);
            }
            doomed.AddRange(active);
            active.Clear();
        }

        // Phase 1: record the uncounted uids (and the decision to fail, so that it survives a lost write).
        var conditionTime = Time.FromDateTimeOffset(now).Rfc3339Copy();
        if (failure is { } decided)
        {
            SetCondition(status, "FailureTarget", decided.Reason, decided.Message, conditionTime);
        }
        uncounted.Succeeded = [.. uncountedSucceeded.Order(StringComparer.Ordinal)];
        uncounted.Failed = [.. uncountedFailed.Order(StringComparer.Ordinal)];
        if ((uncounted.Succeeded.Count + uncounted.Failed.Count > 0 || failure is not null) && KubeJson.Serialize(status) != original)
        {
            job = await WriteStatusAsync(job, cancellationToken);
            status = job.Status;
            uncounted = status.UncountedTerminatedPods ??= new UncountedTerminatedPods();
        }

        // Phase 2: remove the finalizers (deleting the doomed active pods); phase 3: move the uids into the counters.
        await DeletePodsAsync(job, key, ns, doomed, cancellationToken);
        await RemoveFinalizersAsync(ns, terminalWithFinalizer, cancellationToken);
        var byUid = pods.ToDictionary(p => p.Metadata.Uid, StringComparer.Ordinal);
        foreach (var podUid in uncountedSucceeded)
        {
            if (IsIndexed(job) && byUid.TryGetValue(podUid, out var pod) && IndexOf(pod) is { } index && index < (job.Spec.Completions ?? 0))
            {
                completed.Add(index);
            }
            else if (!IsIndexed(job))
            {
                status.Succeeded++;
            }
        }
        status.Failed += uncountedFailed.Count;
        if (IsIndexed(job))
        {
            status.CompletedIndexes = completed.ToString();
            status.Succeeded = completed.Count;
        }
        uncounted.Succeeded = null;
        uncounted.Failed = null;

        ReconcileResult result = ReconcileResult.Done;
        if (failure is { } f)
        {
            SetCondition(status, "Failed", f.Reason, f.Message, conditionTime);
        }
        else if (IsComplete(job, status, active.Count))
        {
            await DeletePodsAsync(job, key, ns, active, cancellationToken);
            active.Clear();
            SetCondition(status, "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", conditionTime);
            SetCondition(status, "Complete", "CompletionsReached", "Reached expected number of succeeded pods", conditionTime);
            status.CompletionTime = conditionTime;
        }
        else if (satisfied)
        {
            var backoff = Backoff(status.Failed, pods, now);
            if (backoff > TimeSpan.Zero)
            {
                result = ReconcileResult.After(backoff);
            }
            else
            {
                active = await ManagePodsAsync(job, key, active, completed, suspended, cancellationToken);
            }
        }
        if (failure is null && !IsFinished(job) && job.Spec.ActiveDeadlineSeconds is { } d && status.StartTime is { } st && !suspended)
        {
            var left = st.ToDateTimeOffset().AddSeconds(d) - now;
            if (result.RequeueAfter is not { } r || left < r)
            {
                result = ReconcileResult.After(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
        }

        status.Active = active.Count;
        status.Ready = active.Count(PodUtil.IsReady);
        status.Terminating = pods.Count(p => p.Metadata.DeletionTimestamp is not null && !IsTerminal(p));
        if (KubeJson.Serialize(status) != original)
        {
            var wasFinished = IsFinished(cached);
            await WriteStatusAsync(job, cancellationToken);
            // Upstream recordJobFinished, once the finished condition is written.
            if (!wasFinished && status.Conditions?.FirstOrDefault(c => c.Type is "Complete" or "Failed" && c.Status == "True") is { } finished)
            {
                if (finished.Type == "Complete")
                {
                    _recorder.Event(job, EventTypes.Normal, "Completed", "Job completed");
                }
                else
                {
                    _recorder.Event(job, EventTypes.Warning, finished.Reason, finished.Message);
                }
            }
        }
        return result;
    }

    private static bool IsComplete(Job job, JobStatus status, int active)
    {
        if (IsIndexed(job))
        {
            return status.Succeeded >= (job.Spec.Completions ?? 1);
        }
        if (job.Spec.Completions is { } completions)
        {
            return status.Succeeded >= completions;
        }
        // Without completions: the first success completes the Job once no pod is left running.
        return status.Succeeded > 0 && active == 0;
    }

    /// <summary>Upstream's pod failure backoff: 10 s doubling per failure, at most 6 min, from the last failure.</summary>
    private static TimeSpan Backoff(int failures, List<Pod> pods, DateTimeOffset now)
    {
        if (failures == 0)
        {
            return TimeSpan.Zero;
        }
        var last = pods.Where(p => p.Status.Phase == "Failed").Select(FinishTime).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        if (last == DateTimeOffset.MinValue)
        {
            return TimeSpan.Zero;
        }
        var delay = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, BaseBackoff.Ticks << Math.Min(failures - 1, 10)));
        var left = last + delay - now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private static DateTimeOffset FinishTime(Pod pod)
    {
        var finished = pod.Status.ContainerStatuses?.Select(s => s.State?.Terminated?.FinishedAt).Where(t => t is { IsZero: false }).Select(t => t!.Value.ToDateTimeOffset()).ToList();
        if (finished is { Count: > 0 })
        {
            return finished.Max();
        }
        return pod.Status.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.LastTransitionTime.ToDateTimeOffset()
            ?? pod.Metadata.CreationTimestamp.ToDateTimeOffset();
    }

    private async Task<List<Pod>> ManagePodsAsync(Job job, string key, List<Pod> active, IndexSet completed, bool suspended, CancellationToken cancellationToken)
    {
        var ns = job.Metadata.Namespace;
        var parallelism = suspended ? 0 : job.Spec.Parallelism ?? 1;
        var podClient = Context.Client.Resource<Pod>(ns);
        if (IsIndexed(job))
        {
            var completions = job.Spec.Completions ?? 1;
            // Pods with an index out of range, or a duplicate of an active index, are surplus.
            var seen = new HashSet<int>();
            var surplus = new List<Pod>();
            foreach (var pod in active.OrderBy(p => p.Metadata.CreationTimestamp))
            {
                if (IndexOf(pod) is not { } i || i >= completions || completed.Contains(i) || !seen.Add(i))
                {
                    surplus.Add(pod);
                }
            }
            var keep = active.Except(surplus).ToList();
            if (keep.Count > parallelism)
            {
                surplus.AddRange(keep.OrderByDescending(p => IndexOf(p)).Take(keep.Count - parallelism));
            }
            if (surplus.Count > 0)
            {
                await DeletePodsAsync(job, key, ns, surplus, cancellationToken);
                return [.. active.Except(surplus)];
            }
            var missing = Enumerable.Range(0, completions).Where(i => !completed.Contains(i) && !seen.Contains(i)).Take(parallelism - active.Count).ToList();
            if (missing.Count > 0)
            {
                await CreatePodsAsync(job, key, podClient, missing.Select(i => NewPod(job, i)).ToList(), cancellationToken);
            }
            return active;
        }

        int wantActive;
        if (job.Spec.Completions is { } total)
        {
            wantActive = Math.Min(parallelism, Math.Max(0, total - job.Status.Succeeded));
        }
        else
        {
            // Without completions, once one pod succeeded no new ones start.
            wantActive = job.Status.Succeeded > 0 ? Math.Min(active.Count, parallelism) : parallelism;
        }
        if (active.Count > wantActive)
        {
            var victims = active.OrderBy(p => p, Comparer<Pod>.Create(PodUtil.CompareForDeletion)).Take(active.Count - wantActive).ToList();
            await DeletePodsAsync(job, key, ns, victims, cancellationToken);
            return [.. active.Except(victims)];
        }
        if (active.Count < wantActive)
        {
            await CreatePodsAsync(job, key, podClient, Enumerable.Range(0, wantActive - active.Count).Select(_ => NewPod(job, null)).ToList(), cancellationToken);
        }
        return active;
    }

    private async Task CreatePodsAsync(Job job, string key, ResourceClient<Pod> podClient, List<Pod> pods, CancellationToken cancellationToken)
    {
        _expectations.ExpectCreations(key, pods.Count);
        KubeApiException? error = null;
        foreach (var pod in pods)
        {
            try
            {
                var created = await podClient.CreateAsync(pod, cancellationToken: cancellationToken);
                PodControlEvents.Created(_recorder, job, created.Metadata.Name);
            }
            catch (KubeApiException e)
            {
                _expectations.CreationObserved(key);
                PodControlEvents.CreateFailed(_recorder, job, e);
                error ??= e;
            }
        }
        if (error is not null)
        {
            throw error;
        }
    }

    private async Task DeletePodsAsync(Job job, string key, string ns, List<Pod> pods, CancellationToken cancellationToken)
    {
        var toDelete = pods.Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        if (toDelete.Count == 0)
        {
            return;
        }
        // Upstream removes the tracking finalizer first: a deleted pod is not waited for.
        await RemoveFinalizersAsync(ns, toDelete, cancellationToken);
        _expectations.ExpectDeletions(key, toDelete.Select(p => Key(p.Metadata)));
        var podClient = Context.Client.Resource<Pod>(ns);
        foreach (var pod in toDelete)
        {
            try
            {
                await podClient.DeleteAsync(pod.Metadata.Name, new DeleteOptions { Preconditions = new Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken);
                PodControlEvents.Deleted(_recorder, job, pod.Metadata.Name);
            }
            catch (KubeApiException e)
            {
                _expectations.DeletionObserved(key, Key(pod.Metadata));
                if (!e.IsNotFound && !e.IsConflict)
                {
                    PodControlEvents.DeleteFailed(_recorder, job, e);
                    throw;
                }
            }
        }
    }

    private async Task RemoveFinalizersAsync(string ns, IEnumerable<Pod> pods, CancellationToken cancellationToken)
    {
        var podClient = Context.Client.Resource<Pod>(ns);
        foreach (var pod in pods)
        {
            if (!HasFinalizer(pod))
            {
                continue;
            }
            var remaining = pod.Metadata.Finalizers!.Where(f => f != TrackingFinalizer).ToList();
            try
            {
                await podClient.PatchAsync(pod.Metadata.Name, PatchType.Merge, MetadataPatches.Finalizers(remaining, "", pod.Metadata.Uid), cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
        }
    }

    private async Task<Job> WriteStatusAsync(Job job, CancellationToken cancellationToken)
        => await Context.Client.Resource<Job>(job.Metadata.Namespace).UpdateStatusAsync(job, cancellationToken: cancellationToken);

    private static void SetCondition(JobStatus status, string type, string reason, string message, Time now)
    {
        var conditions = status.Conditions ??= [];
        if (conditions.FirstOrDefault(c => c.Type == type) is { } existing)
        {
            if (existing.Status != "True")
            {
                existing.Status = "True";
                existing.LastTransitionTime = now;
            }
            existing.Reason = reason;
            existing.Message = message;
            existing.LastProbeTime = now;
            return;
        }
        conditions.Add(new JobCondition { Type = type, Status = "True", Reason = reason, Message = message, LastProbeTime = now, LastTransitionTime = now });
    }

    private static bool HasFinalizer(Pod pod) => pod.Metadata.Finalizers?.Contains(TrackingFinalizer) == true;

    private static bool IsTerminal(Pod pod) => pod.Status.Phase is "Succeeded" or "Failed";

    /// <summary>The completion index of an Indexed Job's pod (annotation, else label).</summary>
    public static int? IndexOf(Pod pod)
    {
        var value = pod.Metadata.Annotations?.GetValueOrDefault(CompletionIndexKey) ?? pod.Metadata.Labels?.GetValueOrDefault(CompletionIndexKey);
        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : null;
    }

    /// <summary>Upstream GetPodFromTemplate plus the Job specifics: the tracking finalizer, and for Indexed Jobs the
    /// completion index (annotation, label, hostname, JOB_COMPLETION_INDEX).</summary>
    private static Pod NewPod(Job job, int? index)
    {
        var template = job.Spec.Template.DeepCopy();
        var pod = new Pod { ApiVersion = "v1", Kind = "Pod", Spec = template.Spec };
        var meta = pod.Metadata;
        meta.Namespace = job.Metadata.Namespace;
        meta.GenerateName = job.Metadata.Name + "-" + (index is { } g ? g.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" : "");
        meta.Labels = template.Metadata.Labels ?? [];
        meta.Annotations = template.Metadata.Annotations;
        meta.Finalizers = [.. template.Metadata.Finalizers ?? [], TrackingFinalizer];
        meta.OwnerReferences = [OwnerReferences.NewControllerRef(job.Metadata, "batch/v1", "Job")];
        if (index is { } i)
        {
            var text = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            (meta.Annotations ??= [])[CompletionIndexKey] = text;
            meta.Labels[CompletionIndexKey] = text;
            if (string.IsNullOrEmpty(pod.Spec.Hostname))
            {
                pod.Spec.Hostname = job.Metadata.Name + "-" + text;
            }
            foreach (var container in (pod.Spec.Containers ?? []).Concat(pod.Spec.InitContainers ?? []))
            {
                var env = container.Env ??= [];
                if (env.All(e => e.Name != "JOB_COMPLETION_INDEX"))
                {
                    env.Add(new EnvVar
                    {
                        Name = "JOB_COMPLETION_INDEX",
                        ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { FieldPath = "metadata.labels['" + CompletionIndexKey + "']" } },
                    });
                }
            }
        }
        return pod;
    }
}
