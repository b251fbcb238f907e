using KubeSharp.Api.Batch.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>cronjobs: NAME, SCHEDULE, TIMEZONE, SUSPEND, ACTIVE, LAST SCHEDULE, AGE; wide CONTAINERS, IMAGES, SELECTOR.</summary>
internal sealed class CronJobPrinter : ResourcePrinter<CronJob>
{
    public CronJobPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
            TableColumn.Str("Timezone", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones"),
            TableColumn.Bool("Suspend", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false."),
            TableColumn.Int("Active", "A list of pointers to currently running jobs."),
            TableColumn.Str("Last Schedule", "Information when was the last time the job was successfully scheduled."),
            TableColumn.AgeColumn,
            TableColumn.Containers,
            TableColumn.Images,
            TableColumn.Str("Selector", "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", 1))
    {
    }

    protected override void Print(CronJob obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(obj.Spec.Schedule);
        row.String(obj.Spec.TimeZone ?? "<none>");
        row.String(CellFormat.Bool(obj.Spec.Suspend));
        row.Integer(obj.Status.Active?.Count ?? 0);
        if (obj.Status.LastScheduleTime is { } last)
        {
            row.Age(last);
        }
        else
        {
            row.Add(TableCell.None);
        }
        row.Age(obj.Metadata.CreationTimestamp);
        var jobSpec = obj.Spec.JobTemplate.Spec;
        CellFormat.AddContainers(row, jobSpec.Template);
        row.String(CellFormat.LabelSelector(jobSpec.Selector));
    }
}
