using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.ApiServer.Tests.Validation;

public class BatchValidationTests
{
    private const string JobLabelsMap = "map[string]string{\"batch.kubernetes.io/controller-uid\":\"" + Fixtures.JobUid + "\", \"batch.kubernetes.io/job-name\":\"pi\", \"controller-uid\":\"" + Fixtures.JobUid + "\", \"job-name\":\"pi\"}";

    public static readonly CaseTable<Job> JobCreate = new(Fixtures.Job)
    {
        { "valid job", _ => { } },
        { "restartPolicy Always", j => j.Spec.Template.Spec.RestartPolicy = "Always", "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"" },
        { "negative parallelism", j => j.Spec.Parallelism = -1, "spec.parallelism: Invalid value: -1: must be greater than or equal to 0" },
        { "negative completions", j => j.Spec.Completions = -1, "spec.completions: Invalid value: -1: must be greater than or equal to 0" },
        { "negative backoffLimit", j => j.Spec.BackoffLimit = -1, "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0" },
        { "negative activeDeadlineSeconds", j => j.Spec.ActiveDeadlineSeconds = -1, "spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0" },
        { "negative ttlSecondsAfterFinished", j => j.Spec.TtlSecondsAfterFinished = -1, "spec.ttlSecondsAfterFinished: Invalid value: -1: must be greater than or equal to 0" },
        { "Indexed without completions", j => { j.Spec.CompletionMode = "Indexed"; j.Spec.Completions = null; }, "spec.completions: Required value: when completion mode is Indexed" },
        { "Indexed job", j => { j.Spec.CompletionMode = "Indexed"; j.Spec.Completions = 5; } },
        { "completionMode unsupported", j => j.Spec.CompletionMode = "Sometimes", "spec.completionMode: Unsupported value: \"Sometimes\": supported values: \"NonIndexed\", \"Indexed\"" },
        { "backoffLimitPerIndex without Indexed", j => j.Spec.BackoffLimitPerIndex = 1, "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode" },
        {
            "maxFailedIndexes without backoffLimitPerIndex",
            j => { j.Spec.CompletionMode = "Indexed"; j.Spec.Completions = 5; j.Spec.MaxFailedIndexes = 1; },
            "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified"
        },
        {
            "manual selector missing",
            j => { j.Spec.ManualSelector = true; j.Spec.Selector = null; },
            "spec.selector: Required value",
            "spec.template.metadata.labels: Invalid value: " + JobLabelsMap + ": `selector` does not match template `labels`"
        },
        { "generated label missing", j => j.Spec.Template.Metadata.Labels!.Remove("job-name"), "spec.template.metadata.labels[job-name]: Required value: must be 'pi'" },
        {
            "uid missing",
            j => j.Metadata.Uid = "",
            "metadata.uid: Required value",
            "spec.template.metadata.labels[controller-uid]: Invalid value: " + JobLabelsMap + ": must be ''",
            "spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Invalid value: " + JobLabelsMap + ": must be ''",
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"batch.kubernetes.io/controller-uid\":\"" + Fixtures.JobUid + "\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated"
        },
        {
            "podFailurePolicy with OnFailure",
            j =>
            {
                j.Spec.Template.Spec.RestartPolicy = "OnFailure";
                j.Spec.PodReplacementPolicy = "Failed";
                j.Spec.PodFailurePolicy = new PodFailurePolicy { Rules = [new PodFailurePolicyRule { Action = "FailJob", OnExitCodes = new PodFailurePolicyOnExitCodesRequirement { Operator = "In", Values = [1] } }] };
            },
            "spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified"
        },
        {
            "podFailurePolicy rule without action or condition",
            j =>
            {
                j.Spec.PodReplacementPolicy = "Failed";
                j.Spec.PodFailurePolicy = new PodFailurePolicy { Rules = [new PodFailurePolicyRule()] };
            },
            "spec.podFailurePolicy.rules[0].action: Required value: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]",
            "spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required"
        },
        {
            "podFailurePolicy FailIndex without backoffLimitPerIndex",
            j =>
            {
                j.Spec.PodReplacementPolicy = "Failed";
                j.Spec.PodFailurePolicy = new PodFailurePolicy { Rules = [new PodFailurePolicyRule { Action = "FailIndex", OnExitCodes = new PodFailurePolicyOnExitCodesRequirement { Operator = "In", Values = [1, 2] } }] };
            },
            "spec.podFailurePolicy.rules[0].action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set"
        },
        {
            "podReplacementPolicy unsupported",
            j => j.Spec.PodReplacementPolicy = "Always",
            "spec.podReplacementPolicy: Unsupported value: \"Always\": supported values: \"Failed\", \"TerminatingOrFailed\""
        },
        { "template container without name", j => j.Spec.Template.Spec.Containers![0].Name = "", "spec.template.spec.containers[0].name: Required value" },
    };

    public static TheoryData<string> JobCreateNames => JobCreate.Names;

    [Theory]
    [MemberData(nameof(JobCreateNames))]
    public void Job_ValidateCreate(string name)
    {
        var (obj, expected) = JobCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    [Fact]
    public void Job_ValidateCreate_IndexedNameTooLongForPodHostnames()
    {
        var name = new string('a', 63);
        var job = Fixtures.Job();
        job.Metadata.Name = name;
        job.Spec.Template.Metadata.Labels = Fixtures.JobLabels(name);
        job.Spec.CompletionMode = "Indexed";
        job.Spec.Completions = 10;
        Errors.Create(job).ShouldBe(["metadata.name: Invalid value: \"" + name + "\": will not able to create pod with invalid DNS label: " + name + "-9"]);
    }

    private static Job VersionedJob()
    {
        var job = Fixtures.Job();
        job.Metadata.ResourceVersion = "1";
        return job;
    }

    public static readonly UpdateTable<Job> JobUpdate = new(VersionedJob, j => j.DeepCopy(), j => j.Metadata.ResourceVersion = "2")
    {
        { "parallelism change", j => j.Spec.Parallelism = 3 },
        { "completions change", j => j.Spec.Completions = 2, "spec.completions: Invalid value: 2: field is immutable" },
        { "template change", j => j.Spec.Template.Spec.Containers![0].Image = "perl:2", "spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable" },
        { "scheduling directives of a suspended job", o => o.Spec.Suspend = true, j => j.Spec.Template.Spec.NodeSelector = new() { ["zone"] = "a" } },
        {
            "selector change",
            j => j.Spec.Selector = new LabelSelector { MatchLabels = new() { ["batch.kubernetes.io/job-name"] = "pi" } },
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"batch.kubernetes.io/job-name\":\"pi\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"
        },
        { "completionMode change", j => { j.Spec.CompletionMode = "Indexed"; }, "spec.completionMode: Invalid value: \"Indexed\": field is immutable" },
    };

    public static TheoryData<string> JobUpdateNames => JobUpdate.Names;

    [Theory]
    [MemberData(nameof(JobUpdateNames))]
    public void Job_ValidateUpdate(string name)
    {
        var (updated, old, expected) = JobUpdate.Build(name);
        Errors.Update(updated, old).ShouldBe(expected);
    }

    [Fact]
    public void Job_ValidateStatusUpdate_NegativeCounters()
    {
        var old = VersionedJob();
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "2";
        updated.Status.Active = -1;
        updated.Status.Failed = -2;
        Errors.StatusUpdate(updated, old).ShouldBe([
            "status.active: Invalid value: -1: must be greater than or equal to 0",
            "status.failed: Invalid value: -2: must be greater than or equal to 0",
            "status.failed: Invalid value: -2: cannot decrease the failed counter",
        ]);
    }

    [Fact]
    public void Job_ValidateStatusUpdate_CountersMayNotDecrease()
    {
        var old = VersionedJob();
        old.Status.Succeeded = 2;
        old.Status.Active = 1;
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "2";
        updated.Status.Succeeded = 1;
        updated.Status.Ready = 2;
        Errors.StatusUpdate(updated, old).ShouldBe([
            "status.ready: Invalid value: 2: cannot set more ready pods than active",
            "status.succeeded: Invalid value: 1: cannot decrease the succeeded counter",
        ]);
    }

    public static readonly CaseTable<CronJob> CronJobCreate = new(Fixtures.CronJob)
    {
        { "valid cronjob", _ => { } },
        { "schedule empty", c => c.Spec.Schedule = "", "spec.schedule: Required value" },
        { "schedule with three fields", c => c.Spec.Schedule = "* * *", "spec.schedule: Invalid value: \"* * *\": expected exactly 5 fields, found 3: [* * *]" },
        { "minute out of range", c => c.Spec.Schedule = "61 * * * *", "spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61" },
        { "hour not a number", c => c.Spec.Schedule = "0 x * * *", "spec.schedule: Invalid value: \"0 x * * *\": failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax" },
        { "day of month zero", c => c.Spec.Schedule = "0 0 0 * *", "spec.schedule: Invalid value: \"0 0 0 * *\": beginning of range (0) below minimum (1): 0" },
        { "day of week 7", c => c.Spec.Schedule = "0 0 * * 7", "spec.schedule: Invalid value: \"0 0 * * 7\": end of range (7) above maximum (6): 7" },
        { "reversed range", c => c.Spec.Schedule = "5-1 * * * *", "spec.schedule: Invalid value: \"5-1 * * * *\": beginning of range (5) beyond end of range (1): 5-1" },
        { "zero step", c => c.Spec.Schedule = "*/0 * * * *", "spec.schedule: Invalid value: \"*/0 * * * *\": step of range should be a positive number: */0" },
        { "too many slashes", c => c.Spec.Schedule = "1/2/3 * * * *", "spec.schedule: Invalid value: \"1/2/3 * * * *\": too many slashes: 1/2/3" },
        { "month and weekday names", c => c.Spec.Schedule = "0 9 1 jan,JUL mon-fri" },
        { "lists ranges and steps", c => c.Spec.Schedule = "0,30 8-18/2 */3 * ?" },
        { "descriptor", c => c.Spec.Schedule = "@daily" },
        { "every descriptor", c => c.Spec.Schedule = "@every 1h30m" },
        { "unknown descriptor", c => c.Spec.Schedule = "@fortnightly", "spec.schedule: Invalid value: \"@fortnightly\": unrecognized descriptor: @fortnightly" },
        { "TZ in schedule", c => c.Spec.Schedule = "TZ=UTC 0 * * * *", "spec.schedule: Invalid value: \"TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead" },
        { "CRON_TZ in schedule", c => c.Spec.Schedule = "CRON_TZ=UTC 0 * * * *", "spec.schedule: Invalid value: \"CRON_TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead" },
        { "schedule with an unknown TZ", c => c.Spec.Schedule = "TZ=Mars/Base 0 * * * *", "spec.schedule: Invalid value: \"TZ=Mars/Base 0 * * * *\": provided bad location Mars/Base: unknown time zone Mars/Base", "spec.schedule: Invalid value: \"TZ=Mars/Base 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead" },
        { "timeZone escaping the zone directory", c => c.Spec.TimeZone = "../etc/passwd", "spec.timeZone: Invalid value: \"../etc/passwd\": unknown time zone ../etc/passwd" },
        { "valid timeZone", c => c.Spec.TimeZone = "America/New_York" },
        { "unknown timeZone", c => c.Spec.TimeZone = "Mars/Olympus", "spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus" },
        { "empty timeZone", c => c.Spec.TimeZone = "", "spec.timeZone: Invalid value: \"\": timeZone must be nil or non-empty string" },
        { "Local timeZone", c => c.Spec.TimeZone = "Local", "spec.timeZone: Invalid value: \"Local\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones" },
        { "concurrencyPolicy unsupported", c => c.Spec.ConcurrencyPolicy = "Sometimes", "spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"" },
        { "concurrencyPolicy empty", c => c.Spec.ConcurrencyPolicy = "", "spec.concurrencyPolicy: Required value" },
        { "jobTemplate restartPolicy Always", c => c.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy = "Always", "spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"" },
        {
            "jobTemplate with selector",
            c => c.Spec.JobTemplate.Spec.Selector = new LabelSelector { MatchLabels = new() { ["a"] = "b" } },
            "spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"a\":\"b\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated"
        },
        { "jobTemplate manualSelector", c => c.Spec.JobTemplate.Spec.ManualSelector = true, "spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: \"nil\", \"false\"" },
        { "name longer than 52", c => c.Metadata.Name = new string('c', 53), "metadata.name: Invalid value: \"" + new string('c', 53) + "\": must be no more than 52 characters" },
        { "negative startingDeadlineSeconds", c => c.Spec.StartingDeadlineSeconds = -1, "spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0" },
        { "negative successfulJobsHistoryLimit", c => c.Spec.SuccessfulJobsHistoryLimit = -1, "spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0" },
    };

    public static TheoryData<string> CronJobCreateNames => CronJobCreate.Names;

    [Theory]
    [MemberData(nameof(CronJobCreateNames))]
    public void CronJob_ValidateCreate(string name)
    {
        var (obj, expected) = CronJobCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    [Fact]
    public void CronJob_ValidateUpdate_AllowsLongNamesAndExistingTZ()
    {
        var old = Fixtures.CronJob();
        old.Metadata.Name = new string('c', 60);
        old.Metadata.ResourceVersion = "1";
        old.Spec.Schedule = "CRON_TZ=UTC 0 * * * *";
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "2";
        updated.Spec.Schedule = "CRON_TZ=UTC 30 * * * *";
        Errors.Update(updated, old).ShouldBeEmpty();
    }
}
