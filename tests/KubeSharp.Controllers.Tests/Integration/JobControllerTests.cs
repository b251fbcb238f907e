using System.Collections.Concurrent;
using KubeSharp.Api;
using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>The job controller against the real API server; the tests finish pods (Succeeded/Failed) as containers exiting would.</summary>
public class JobControllerTests(ControllersFixture fixture) : IClassFixture<ControllersFixture>
{
    private const string Finalizer = "batch.kubernetes.io/job-tracking";

    private static string JobManifest(string name, string ns, string spec) => $$"""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
        {{spec}}
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: c
                image: busybox:1.36
        """;

    private async Task CreateNamespaceAsync(string name)
    {
        var (code, _, stderr) = await fixture.KubectlAsync("create namespace " + name);
        code.ShouldBe(0, stderr);
    }

    private async Task ApplyAsync(string manifest)
    {
        var (code, _, stderr) = await fixture.KubectlAsync("apply -f -", manifest);
        code.ShouldBe(0, stderr);
    }

    private async Task<List<Pod>> PodsAsync(string ns, string job)
        => [.. (await fixture.Client.Resource<Pod>(ns).ListAsync(new ListParams { LabelSelector = "batch.kubernetes.io/job-name=" + job })).Items];

    /// <summary>What a kubelet writes when the container exits: the phase and the terminated state with the exit code.</summary>
    private async Task FinishPodAsync(Pod pod, int exitCode)
    {
        var copy = pod.DeepCopy();
        var now = Time.Now().Rfc3339Copy();
        copy.Status.Phase = exitCode == 0 ? "Succeeded" : "Failed";
        copy.Status.Conditions = [new PodCondition { Type = "Ready", Status = "False", Reason = "PodCompleted", LastTransitionTime = now }];
        copy.Status.ContainerStatuses = [.. pod.Spec.Containers!.Select(c => new ContainerStatus
        {
            Name = c.Name,
            Image = c.Image,
            State = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = exitCode, FinishedAt = now, StartedAt = now, Reason = exitCode == 0 ? "Completed" : "Error" } },
        })];
        try
        {
            await fixture.Client.Resource<Pod>(pod.Metadata.Namespace).UpdateStatusAsync(copy);
        }
        catch (KubeApiException e) when (e.IsConflict || e.IsNotFound)
        {
            // The next poll sees it again.
        }
    }

    private static bool IsActive(Pod p) => p.Status.Phase is not ("Succeeded" or "Failed") && p.Metadata.DeletionTimestamp is null;

    private static bool HasCondition(Job job, string type, string? reason = null)
        => job.Status.Conditions?.Any(c => c.Type == type && c.Status == "True" && (reason is null || c.Reason == reason)) == true;

    [Fact]
    public async Task Completions5_Parallelism2_NeverMoreThanTwoActive_AndCompletes()
    {
        const string ns = "job-par";
        await CreateNamespaceAsync(ns);
        using var stopWatch = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var state = new ConcurrentDictionary<string, Pod>();
        var maxActive = 0;
        var createdWithFinalizer = new ConcurrentBag<bool>();
        var watching = new TaskCompletionSource();
        var watch = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in fixture.Client.Resource<Pod>(ns).WatchAsync(new ListParams { LabelSelector = "job-name=work" }, stopWatch.Token))
                {
                    if (e.Type == WatchEventType.Added)
                    {
                        createdWithFinalizer.Add(e.Object.Metadata.Finalizers?.Contains(Finalizer) == true);
                    }
                    if (e.Type == WatchEventType.Deleted)
                    {
                        state.TryRemove(e.Object.Metadata.Name, out _);
                    }
                    else
                    {
                        state[e.Object.Metadata.Name] = e.Object;
                    }
                    maxActive = Math.Max(maxActive, state.Values.Count(IsActive));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        await Task.Delay(500);
        await ApplyAsync(JobManifest("work", ns, "  completions: 5\n  parallelism: 2"));
        var jobs = fixture.Client.Resource<Job>(ns);

        var finished = new HashSet<string>();
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var job = await jobs.GetAsync("work");
            if (HasCondition(job, "Complete"))
            {
                return true;
            }
            // Finish one running pod at a time, as containers exiting.
            if ((await PodsAsync(ns, "work")).FirstOrDefault(p => p.Status.Phase == "Running" && !finished.Contains(p.Metadata.Name)) is { } running)
            {
                finished.Add(running.Metadata.Name);
                await FinishPodAsync(running, 0);
            }
            return false;
        }, "the job to complete", TimeSpan.FromSeconds(60));

        var done = await jobs.GetAsync("work");
        done.Status.Succeeded.ShouldBe(5);
        done.Status.Failed.ShouldBe(0);
        done.Status.Active.ShouldBe(0);
        done.Status.StartTime.ShouldNotBeNull();
        done.Status.CompletionTime.ShouldNotBeNull();
        HasCondition(done, "SuccessCriteriaMet", "CompletionsReached").ShouldBeTrue();
        HasCondition(done, "Complete", "CompletionsReached").ShouldBeTrue();
        done.Status.UncountedTerminatedPods.ShouldNotBeNull();
        done.Status.UncountedTerminatedPods!.Succeeded.ShouldBeNull();

        var pods = await PodsAsync(ns, "work");
        pods.Count.ShouldBe(5);
        pods.ShouldAllBe(p => p.Status.Phase == "Succeeded");
        pods.ShouldAllBe(p => p.Metadata.Labels!["batch.kubernetes.io/controller-uid"] == done.Metadata.Uid && p.Metadata.Labels["controller-uid"] == done.Metadata.Uid
            && p.Metadata.Labels["batch.kubernetes.io/job-name"] == "work" && p.Metadata.GenerateName == "work-");
        pods.ShouldAllBe(p => p.Metadata.OwnerReferences!.Single().Kind == "Job" && p.Metadata.OwnerReferences!.Single().Uid == done.Metadata.Uid && p.Metadata.OwnerReferences!.Single().Controller == true);
        // Counted pods lose the tracking finalizer; every pod was created with it.
        pods.ShouldAllBe(p => p.Metadata.Finalizers == null || !p.Metadata.Finalizers.Contains(Finalizer));

        await stopWatch.CancelAsync();
        await watch;
        createdWithFinalizer.Count.ShouldBe(5);
        createdWithFinalizer.ShouldAllBe(f => f);
        maxActive.ShouldBe(2);

        var (code, stdout, stderr) = await fixture.KubectlAsync($"get job work -n {ns}");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("5/5");
        stdout.ShouldContain("Complete");
    }

    [Fact]
    public async Task BackoffLimit_FailedPodsCounted_JobFails()
    {
        const string ns = "job-backoff";
        await CreateNamespaceAsync(ns);
        await ApplyAsync(JobManifest("flaky", ns, "  backoffLimit: 1"));
        var jobs = fixture.Client.Resource<Job>(ns);
        var failedPods = new HashSet<string>();
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var job = await jobs.GetAsync("flaky");
            if (HasCondition(job, "Failed"))
            {
                return true;
            }
            foreach (var pod in (await PodsAsync(ns, "flaky")).Where(p => p.Status.Phase == "Running" && failedPods.Add(p.Metadata.Name)))
            {
                await FinishPodAsync(pod, 3);
            }
            return false;
        }, "the job to fail", TimeSpan.FromSeconds(60));

        var failed = await jobs.GetAsync("flaky");
        failed.Status.Failed.ShouldBe(2);
        failed.Status.Succeeded.ShouldBe(0);
        failed.Status.Active.ShouldBe(0);
        HasCondition(failed, "FailureTarget", "BackoffLimitExceeded").ShouldBeTrue();
        var condition = failed.Status.Conditions!.Single(c => c.Type == "Failed");
        condition.Reason.ShouldBe("BackoffLimitExceeded");
        condition.Message.ShouldBe("Job has reached the specified backoff limit");
        failed.Status.CompletionTime.ShouldBeNull();
        // Two pods, a second one only after the first failed (and its backoff).
        var pods = await PodsAsync(ns, "flaky");
        pods.Count.ShouldBe(2);
        pods.ShouldAllBe(p => p.Status.Phase == "Failed" && (p.Metadata.Finalizers == null || !p.Metadata.Finalizers.Contains(Finalizer)));
    }

    [Fact]
    public async Task ActiveDeadlineSeconds_FailsTheJob_AndDeletesActivePods()
    {
        const string ns = "job-deadline";
        await CreateNamespaceAsync(ns);
        await ApplyAsync(JobManifest("slow", ns, "  parallelism: 2\n  completions: 4\n  activeDeadlineSeconds: 3"));
        var jobs = fixture.Client.Resource<Job>(ns);
        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync(ns, "slow")).Count(p => p.Status.Phase == "Running") == 2, "two running pods");
        await ControllersFixture.EventuallyAsync(async () => HasCondition(await jobs.GetAsync("slow"), "Failed", "DeadlineExceeded"), "DeadlineExceeded");
        var job = await jobs.GetAsync("slow");
        job.Status.Conditions!.Single(c => c.Type == "Failed").Message.ShouldBe("Job was active longer than specified deadline");
        HasCondition(job, "FailureTarget", "DeadlineExceeded").ShouldBeTrue();
        job.Status.Active.ShouldBe(0);
        job.Status.Failed.ShouldBe(2);
        // The active pods are deleted (the fake node agent removes them at once).
        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync(ns, "slow")).Count == 0, "the active pods deleted");
    }

    [Fact]
    public async Task Indexed_OnePodPerIndex_CompletedIndexesAsRanges()
    {
        const string ns = "job-indexed";
        await CreateNamespaceAsync(ns);
        await ApplyAsync(JobManifest("idx", ns, "  completions: 4\n  parallelism: 4\n  completionMode: Indexed"));
        var jobs = fixture.Client.Resource<Job>(ns);
        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync(ns, "idx")).Count(p => p.Status.Phase == "Running") == 4, "four running pods");
        var pods = await PodsAsync(ns, "idx");
        var byIndex = pods.ToDictionary(p => int.Parse(p.Metadata.Annotations!["batch.kubernetes.io/job-completion-index"], System.Globalization.CultureInfo.InvariantCulture));
        byIndex.Keys.Order().ShouldBe([0, 1, 2, 3]);
        foreach (var (index, pod) in byIndex)
        {
            var text = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            pod.Metadata.Labels!["batch.kubernetes.io/job-completion-index"].ShouldBe(text);
            pod.Spec.Hostname.ShouldBe("idx-" + text);
            pod.Metadata.GenerateName.ShouldBe("idx-" + text + "-");
            pod.Spec.Containers![0].Env!.ShouldContain(e => e.Name == "JOB_COMPLETION_INDEX" && e.ValueFrom!.FieldRef!.FieldPath == "metadata.labels['batch.kubernetes.io/job-completion-index']");
        }

        // Index 1 fails and is replaced by a new pod for the same index.
        await FinishPodAsync(byIndex[1], 1);
        await FinishPodAsync(byIndex[0], 0);
        await FinishPodAsync(byIndex[3], 0);
        await ControllersFixture.EventuallyAsync(async () => (await jobs.GetAsync("idx")).Status.CompletedIndexes == "0,3", "completedIndexes 0,3");
        await FinishPodAsync(byIndex[2], 0);
        await ControllersFixture.EventuallyAsync(async () => (await jobs.GetAsync("idx")).Status.CompletedIndexes == "0,2-3", "completedIndexes 0,2-3");
        (await jobs.GetAsync("idx")).Status.Failed.ShouldBe(1);

        // The replacement for index 1 (after the failure backoff) finishes the job.
        Pod? replacement = null;
        await ControllersFixture.EventuallyAsync(async () =>
        {
            replacement = (await PodsAsync(ns, "idx")).FirstOrDefault(p => p.Metadata.Annotations!["batch.kubernetes.io/job-completion-index"] == "1" && p.Status.Phase == "Running");
            return replacement is not null;
        }, "a new pod for index 1", TimeSpan.FromSeconds(40));
        replacement!.Metadata.Name.ShouldNotBe(byIndex[1].Metadata.Name);
        await FinishPodAsync(replacement, 0);
        await ControllersFixture.EventuallyAsync(async () => HasCondition(await jobs.GetAsync("idx"), "Complete"), "the indexed job to complete");
        var done = await jobs.GetAsync("idx");
        done.Status.CompletedIndexes.ShouldBe("0-3");
        done.Status.Succeeded.ShouldBe(4);
        done.Status.Failed.ShouldBe(1);
    }

    [Fact]
    public async Task PodFailurePolicy_IgnoreDoesNotCount_FailJobFailsAtOnce()
    {
        const string ns = "job-pfp";
        await CreateNamespaceAsync(ns);
        await ApplyAsync(JobManifest("policy", ns, """
              backoffLimit: 0
              podFailurePolicy:
                rules:
                - action: FailJob
                  onExitCodes:
                    operator: In
                    values: [42]
                - action: Ignore
                  onExitCodes:
                    containerName: c
                    operator: In
                    values: [1]
            """));
        var jobs = fixture.Client.Resource<Job>(ns);
        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync(ns, "policy")).Count(p => p.Status.Phase == "Running") == 1, "a running pod");
        var first = (await PodsAsync(ns, "policy")).Single();
        // Exit code 1 is ignored: not counted (backoffLimit 0 is not exceeded) and the pod is replaced.
        await FinishPodAsync(first, 1);
        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync(ns, "policy")).Any(p => p.Status.Phase == "Running" && p.Metadata.Name != first.Metadata.Name), "a replacement pod");
        var job = await jobs.GetAsync("policy");
        job.Status.Failed.ShouldBe(0);
        HasCondition(job, "Failed").ShouldBeFalse();

        var second = (await PodsAsync(ns, "policy")).Single(p => p.Status.Phase == "Running");
        await FinishPodAsync(second, 42);
        await ControllersFixture.EventuallyAsync(async () => HasCondition(await jobs.GetAsync("policy"), "Failed", "PodFailurePolicy"), "the job failed by the policy");
        job = await jobs.GetAsync("policy");
        job.Status.Conditions!.Single(c => c.Type == "Failed").Message.ShouldBe($"Container c for pod {ns}/{second.Metadata.Name} failed with exit code 42 matching FailJob rule at index 0");
        HasCondition(job, "FailureTarget", "PodFailurePolicy").ShouldBeTrue();
        job.Status.Failed.ShouldBe(1);
    }

    [Fact]
    public async Task TtlSecondsAfterFinished_DeletesTheFinishedJobAndItsPods()
    {
        const string ns = "job-ttl";
        await CreateNamespaceAsync(ns);
        // 5 s: long enough that the test sees the Complete condition before the TTL deletes the Job (1 s raced it under load).
        await ApplyAsync(JobManifest("brief", ns, "  ttlSecondsAfterFinished: 5"));
        var jobs = fixture.Client.Resource<Job>(ns);
        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync(ns, "brief")).Count(p => p.Status.Phase == "Running") == 1, "a running pod");
        await FinishPodAsync((await PodsAsync(ns, "brief")).Single(), 0);
        await ControllersFixture.EventuallyAsync(async () => HasCondition(await jobs.GetAsync("brief"), "Complete"), "the job to complete");
        await ControllersFixture.EventuallyAsync(async () => await jobs.TryGetAsync("brief") is null, "the job deleted after its TTL");
        await ControllersFixture.EventuallyAsync(async () => (await PodsAsync(ns, "brief")).Count == 0, "its pods deleted");
    }
}
