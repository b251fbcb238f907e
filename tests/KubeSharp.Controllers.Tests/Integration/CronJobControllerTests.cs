using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>
/// A clock the tests move forward: real time plus an offset, so timers and delays still run in real time. The tests use
/// a daily schedule and jump to the next midnight, so real time passing never reaches a schedule time by itself. It only
/// moves forward (the work queues' rate limiters and delays read it too).
/// </summary>
public sealed class SteppingClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));


    /// <summary>Moves to <paramref name="seconds"/> past the next midnight (UTC) and returns that midnight.</summary>
    public DateTimeOffset AdvanceToNextMidnight(int seconds = 1)
    {
        var now = GetUtcNow();
        var next = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1);
        Interlocked.Add(ref _offsetTicks, (next.AddSeconds(seconds) - now).Ticks);
        return next;
    }
}

/// <summary>The API server with the controller manager on a <see cref="SteppingClock"/>.</summary>
public sealed class CronJobFixture : ControllersFixture
{
    public SteppingClock Clock { get; } = new();

    protected override TimeProvider? ManagerClock => Clock;

    protected override ControllerManagerOptions ManagerOptions => new() { LeaderElect = false, Controllers = ["garbagecollector", "job", "cronjob"] };
}

/// <summary>The cronjob controller against the real API server, time driven by the fixture's clock.</summary>
public class CronJobControllerTests(CronJobFixture fixture) : IClassFixture<CronJobFixture>
{
    private static string Manifest(string name, string ns, string spec) => $$"""
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          schedule: "0 0 * * *"
          startingDeadlineSeconds: 3600
        {{spec}}
          jobTemplate:
            metadata:
              labels:
                cron: {{name}}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: c
                    image: busybox:1.36
        """;

    private int _ticks;

    private async Task SetupAsync(string ns, string name, string spec)
    {
        // Noon: the last midnight is past the CronJob's startingDeadlineSeconds (1 h), so nothing is due at creation
        // even though the server stamps creation in real time, behind this clock.
        fixture.Clock.AdvanceToNextMidnight(12 * 3600);
        var (code, _, stderr) = await fixture.KubectlAsync("create namespace " + ns);
        code.ShouldBe(0, stderr);
        (code, _, stderr) = await fixture.KubectlAsync("apply -f -", Manifest(name, ns, spec));
        code.ShouldBe(0, stderr);
    }

    /// <summary>Moves the clock past the next schedule time and makes the controller look (any update of the CronJob does).</summary>
    private async Task<DateTimeOffset> NextScheduleAsync(string ns, string name)
    {
        var scheduled = fixture.Clock.AdvanceToNextMidnight();
        var (code, _, stderr) = await fixture.KubectlAsync($"annotate cronjob {name} -n {ns} tick={++_ticks} --overwrite");
        code.ShouldBe(0, stderr);
        return scheduled;
    }

    private async Task<List<Job>> JobsAsync(string ns, string name)
        => [.. (await fixture.Client.Resource<Job>(ns).ListAsync(new ListParams { LabelSelector = "cron=" + name })).Items.Where(j => j.Metadata.DeletionTimestamp is null)];

    private static string JobName(string name, DateTimeOffset t) => name + "-" + (t.ToUnixTimeSeconds() / 60).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Finishes the Job's pods as containers exiting with 0.</summary>
    private async Task CompleteJobAsync(string ns, string jobName)
    {
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var pods = (await fixture.Client.Resource<Pod>(ns).ListAsync(new ListParams { LabelSelector = "job-name=" + jobName })).Items;
            foreach (var pod in pods.Where(p => p.Status.Phase == "Running"))
            {
                var copy = pod.DeepCopy();
                copy.Status.Phase = "Succeeded";
                copy.Status.ContainerStatuses = [new ContainerStatus { Name = "c", Image = "busybox:1.36", State = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = 0, Reason = "Completed" } } }];
                try
                {
                    await fixture.Client.Resource<Pod>(ns).UpdateStatusAsync(copy);
                }
                catch (KubeApiException e) when (e.IsConflict)
                {
                }
            }
            var job = await fixture.Client.Resource<Job>(ns).GetAsync(jobName);
            return job.Status.Conditions?.Any(c => c.Type == "Complete" && c.Status == "True") == true;
        }, "job " + jobName + " complete");
    }

    [Fact]
    public async Task Allow_CreatesAJobPerSchedule_WithNameAndAnnotation_AndTracksStatus()
    {
        const string ns = "cron-allow";
        await SetupAsync(ns, "tick", "  concurrencyPolicy: Allow");
        var cronJobs = fixture.Client.Resource<CronJob>(ns);
        // Nothing is due right after creation.
        await Task.Delay(1000);
        (await JobsAsync(ns, "tick")).ShouldBeEmpty();

        var first = await NextScheduleAsync(ns, "tick");
        await ControllersFixture.EventuallyAsync(async () => (await JobsAsync(ns, "tick")).Count == 1, "the first job");
        var job = (await JobsAsync(ns, "tick")).Single();
        job.Metadata.Name.ShouldBe(JobName("tick", first));
        job.Metadata.Annotations!["batch.kubernetes.io/cronjob-scheduled-timestamp"].ShouldBe(first.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        var owner = job.Metadata.OwnerReferences!.Single();
        owner.Kind.ShouldBe("CronJob");
        owner.Controller.ShouldBe(true);
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var c = await cronJobs.GetAsync("tick");
            return c.Status.Active is [{ Name: var n }] && n == job.Metadata.Name && c.Status.LastScheduleTime?.ToDateTimeOffset() == first;
        }, "status.active and lastScheduleTime " + first.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + " " + job.Metadata.Name + " now: " + Api.Serialization.KubeJson.Serialize((await cronJobs.GetAsync("tick")).Status));

        // Allow: the next schedule starts a second Job while the first still runs.
        var second = await NextScheduleAsync(ns, "tick");
        await ControllersFixture.EventuallyAsync(async () => (await JobsAsync(ns, "tick")).Count == 2, "the second job");
        (await JobsAsync(ns, "tick")).Select(j => j.Metadata.Name).Order().ShouldBe([JobName("tick", first), JobName("tick", second)]);
        await ControllersFixture.EventuallyAsync(async () => (await cronJobs.GetAsync("tick")).Status.Active?.Count == 2, "two active");

        // A finished Job leaves status.active and sets lastSuccessfulTime.
        await CompleteJobAsync(ns, JobName("tick", first));
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var c = await cronJobs.GetAsync("tick");
            return c.Status.Active is [{ Name: var n }] && n == JobName("tick", second) && c.Status.LastSuccessfulTime is not null;
        }, "one active and lastSuccessfulTime");

        var (code, stdout, stderr) = await fixture.KubectlAsync($"get cronjob tick -n {ns}");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("0 0 * * *");

        // Upstream's events, from cronjob-controller: SuccessfulCreate per Job, SawCompletedJob when one finishes.
        var describe = "";
        await ControllersFixture.EventuallyAsync(async () =>
        {
            (code, describe, stderr) = await fixture.KubectlAsync($"describe cronjob tick -n {ns}");
            return code == 0 && describe.Contains($"Saw completed job: {JobName("tick", first)}, condition: Complete", StringComparison.Ordinal);
        }, "the cronjob's events (SawCompletedJob)");
        describe.ShouldContain("Created job " + JobName("tick", first));
        describe.ShouldContain("Created job " + JobName("tick", second));
        describe.ShouldMatch(@"Normal\s+SuccessfulCreate\s+\S+\s+cronjob-controller\s+Created job ");
    }

    [Fact]
    public async Task Forbid_SkipsWhileAJobRuns_ThenStartsTheMissedOne()
    {
        const string ns = "cron-forbid";
        await SetupAsync(ns, "solo", "  concurrencyPolicy: Forbid");
        var first = await NextScheduleAsync(ns, "solo");
        await ControllersFixture.EventuallyAsync(async () => (await fixture.Client.Resource<CronJob>(ns).GetAsync("solo")).Status.Active is [{ Name: var n }] && n == JobName("solo", first), "the first job active");

        await NextScheduleAsync(ns, "solo");
        await Task.Delay(2000);
        (await JobsAsync(ns, "solo")).Select(j => j.Metadata.Name).ShouldBe([JobName("solo", first)]);
        (await fixture.Client.Resource<CronJob>(ns).GetAsync("solo")).Status.LastScheduleTime?.ToDateTimeOffset().ShouldBe(first);

        // Once the running Job finishes, the schedule time that was due starts.
        await CompleteJobAsync(ns, JobName("solo", first));
        await ControllersFixture.EventuallyAsync(async () => (await JobsAsync(ns, "solo")).Count == 2, "the second job after the first finished");
    }

    [Fact]
    public Task Replace_DeletesTheRunningJob() => ReplaceAsync("cron-replace", churn: false);

    /// <summary>
    /// The race behind the old flake: the API server answers 409 to a delete that races a write to the Job (under
    /// load, the Job controller writing the first Job's status just as the next time comes). A writer keeps updating
    /// the running Job here, so the controller must retry the delete instead of taking the 409 for a uid mismatch and
    /// starting the second Job beside the first.
    /// </summary>
    [Fact]
    public Task Replace_DeletesTheRunningJob_WhileTheJobIsBeingWritten() => ReplaceAsync("cron-replace-churn", churn: true);

    private async Task ReplaceAsync(string ns, bool churn)
    {
        await SetupAsync(ns, "swap", "  concurrencyPolicy: Replace");
        var first = await NextScheduleAsync(ns, "swap");
        await ControllersFixture.EventuallyAsync(async () => (await fixture.Client.Resource<CronJob>(ns).GetAsync("swap")).Status.Active is [{ Name: var n }] && n == JobName("swap", first), "the first job active");
        using var stopChurn = new CancellationTokenSource();
        var writes = 0;
        var churning = churn ? Task.Run(async () =>
        {
            var jobs = fixture.Client.Resource<Job>(ns);
            while (!stopChurn.IsCancellationRequested)
            {
                try
                {
                    var job = await jobs.TryGetAsync(JobName("swap", first), stopChurn.Token);
                    if (job is null)
                    {
                        return;
                    }
                    job.Metadata.Annotations ??= [];
                    job.Metadata.Annotations["churn"] = Interlocked.Increment(ref writes).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await jobs.UpdateAsync(job, cancellationToken: stopChurn.Token);
                }
                catch (KubeApiException e) when (e.IsConflict || e.IsNotFound)
                {
                }
                catch (OperationCanceledException) when (stopChurn.IsCancellationRequested)
                {
                    return;
                }
            }
        }) : Task.CompletedTask;
        if (churn)
        {
            await ControllersFixture.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref writes) >= 3), "the writer running");
        }
        var second = await NextScheduleAsync(ns, "swap");
        try
        {
            await ControllersFixture.EventuallyAsync(async () => (await JobsAsync(ns, "swap")).Select(j => j.Metadata.Name).SequenceEqual([JobName("swap", second)]), "the first job replaced");
        }
        catch (TimeoutException)
        {
            var all = (await fixture.Client.Resource<Job>(ns).ListAsync()).Items;
            throw new TimeoutException($"first={JobName("swap", first)} second={JobName("swap", second)} jobs=" + string.Join(";", all.Select(j => j.Metadata.Name + "/" + j.Metadata.DeletionTimestamp + "/" + string.Join(",", j.Metadata.Finalizers ?? []))) + " status=" + Api.Serialization.KubeJson.Serialize((await fixture.Client.Resource<CronJob>(ns).GetAsync("swap")).Status));
        }
        finally
        {
            await stopChurn.CancelAsync();
            await churning;
        }
        await ControllersFixture.EventuallyAsync(async () => (await fixture.Client.Resource<Job>(ns).TryGetAsync(JobName("swap", first))) is null, "the first job gone");
        await ControllersFixture.EventuallyAsync(async () => (await fixture.Client.Resource<CronJob>(ns).GetAsync("swap")).Status.Active is [{ Name: var n }] && n == JobName("swap", second), "only the new job active");
        (await fixture.Client.Resource<CronJob>(ns).GetAsync("swap")).Status.LastScheduleTime?.ToDateTimeOffset().ShouldBe(second);
    }

    [Fact]
    public async Task Suspend_StartsNothing_AndHistoryLimitsDeleteOldFinishedJobs()
    {
        const string ns = "cron-history";
        await SetupAsync(ns, "hist", "  suspend: true\n  successfulJobsHistoryLimit: 1");
        await NextScheduleAsync(ns, "hist");
        await Task.Delay(1500);
        (await JobsAsync(ns, "hist")).ShouldBeEmpty();

        var (code, _, stderr) = await fixture.KubectlAsync($"patch cronjob hist -n {ns} --type=merge -p {{\"spec\":{{\"suspend\":false}}}}");
        code.ShouldBe(0, stderr);
        // Resuming starts the time missed while suspended (no startingDeadlineSeconds), as upstream does.
        var names = new List<string>();
        await ControllersFixture.EventuallyAsync(async () => (await JobsAsync(ns, "hist")).Count == 1, "the missed job after resuming");
        names.Add((await JobsAsync(ns, "hist")).Single().Metadata.Name);
        await CompleteJobAsync(ns, names[^1]);
        for (var i = 0; i < 2; i++)
        {
            var t = await NextScheduleAsync(ns, "hist");
            names.Add(JobName("hist", t));
            await ControllersFixture.EventuallyAsync(async () => (await JobsAsync(ns, "hist")).Any(j => j.Metadata.Name == names[^1]), "job " + names[^1]);
            await CompleteJobAsync(ns, names[^1]);
        }
        // Only the newest successful Job is kept.
        await ControllersFixture.EventuallyAsync(async () => (await JobsAsync(ns, "hist")).Select(j => j.Metadata.Name).SequenceEqual([names[^1]]), "history limited to one");
    }
}
