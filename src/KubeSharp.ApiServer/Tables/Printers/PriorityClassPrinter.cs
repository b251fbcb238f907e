using KubeSharp.Api.Scheduling.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>priorityclasses: NAME, VALUE, GLOBAL-DEFAULT, AGE, PREEMPTIONPOLICY.</summary>
internal sealed class PriorityClassPrinter : ResourcePrinter<PriorityClass>
{
    public PriorityClassPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Int("Value", "value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec."),
            TableColumn.Bool("Global-Default", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority."),
            TableColumn.AgeColumn,
            TableColumn.Str("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset."))
    {
    }

    protected override void Print(PriorityClass obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.Integer(obj.Value);
        row.Boolean(obj.GlobalDefault);
        row.Age(obj.Metadata.CreationTimestamp);
        row.String(obj.PreemptionPolicy ?? "");
    }
}
