using KubeSharp.Api.Policy.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>poddisruptionbudgets: NAME, MIN AVAILABLE, MAX UNAVAILABLE (<c>N/A</c> when unset), ALLOWED DISRUPTIONS, AGE.</summary>
internal sealed class PodDisruptionBudgetPrinter : ResourcePrinter<PodDisruptionBudget>
{
    public PodDisruptionBudgetPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Min Available", "The minimum number of pods that must be available."),
            TableColumn.Str("Max Unavailable", "The maximum number of pods that may be unavailable."),
            TableColumn.Int("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(PodDisruptionBudget obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(obj.Spec.MinAvailable?.ToString() ?? "N/A");
        row.String(obj.Spec.MaxUnavailable?.ToString() ?? "N/A");
        row.Integer(obj.Status.DisruptionsAllowed);
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
