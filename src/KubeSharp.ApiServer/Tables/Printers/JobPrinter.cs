using System.Globalization;
using KubeSharp.Api.Batch.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>jobs: NAME, STATUS (Complete, Failed, Terminating, Suspended, FailureTarget, Running), COMPLETIONS, DURATION, AGE; wide CONTAINERS, IMAGES, SELECTOR.</summary>
internal sealed class JobPrinter : ResourcePrinter<Job>
{
    public JobPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Status", "Status of the job."),
            TableColumn.Str("Completions", "The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs."),
            TableColumn.Str("Duration", "Time required to complete the job."),
            TableColumn.AgeColumn,
            TableColumn.Containers,
            TableColumn.Images,
            TableColumn.Str("Selector", "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", 1))
    {
    }

    protected override void Print(Job obj, TableRowBuilder row)
    {
        var status = obj.Status;
        var succeeded = status.Succeeded.ToString(CultureInfo.InvariantCulture);
        string completions;
        if (obj.Spec.Completions is { } wanted)
        {
            completions = succeeded + "/" + wanted.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            var parallelism = obj.Spec.Parallelism ?? 0;
            completions = parallelism > 1
                ? succeeded + "/1 of " + parallelism.ToString(CultureInfo.InvariantCulture)
                : succeeded + "/1";
        }

        var duration = "";
        if (status.StartTime is { } start)
        {
            duration = status.CompletionTime is { } end
                ? HumanDuration.Format(TableClock.Between(start, end))
                : HumanDuration.Format(row.Clock.Since(start));
        }

        string state;
        if (HasCondition(status, "Complete"))
        {
            state = "Complete";
        }
        else if (HasCondition(status, "Failed"))
        {
            state = "Failed";
        }
        else if (obj.Metadata.DeletionTimestamp is not null)
        {
            state = "Terminating";
        }
        else if (HasCondition(status, "Suspended"))
        {
            state = "Suspended";
        }
        else if (HasCondition(status, "FailureTarget"))
        {
            state = "FailureTarget";
        }
        else
        {
            state = "Running";
        }

        row.String(obj.Metadata.Name);
        row.String(state);
        row.String(completions);
        row.String(duration);
        row.Age(obj.Metadata.CreationTimestamp);
        CellFormat.AddContainers(row, obj.Spec.Template);
        row.String(CellFormat.LabelSelector(obj.Spec.Selector));
    }

    /// <summary><c>hasJobCondition</c>: the first condition of the type decides.</summary>
    private static bool HasCondition(JobStatus status, string type)
    {
        if (status.Conditions is null)
        {
            return false;
        }
        foreach (var condition in status.Conditions)
        {
            if (condition.Type == type)
            {
                return condition.Status == "True";
            }
        }
        return false;
    }
}
