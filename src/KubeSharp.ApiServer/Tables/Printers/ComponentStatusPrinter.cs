using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>componentstatuses: NAME, STATUS (Healthy, Unhealthy, Unknown), MESSAGE, ERROR (no AGE).</summary>
internal sealed class ComponentStatusPrinter : ResourcePrinter<ComponentStatus>
{
    public ComponentStatusPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Status", "Status of the component conditions"),
            TableColumn.Str("Message", "Message of the component conditions"),
            TableColumn.Str("Error", "Error of the component conditions"))
    {
    }

    protected override void Print(ComponentStatus obj, TableRowBuilder row)
    {
        var status = "Unknown";
        var message = "";
        var error = "";
        if (obj.Conditions is { } conditions)
        {
            foreach (var condition in conditions)
            {
                if (condition.Type == "Healthy")
                {
                    status = condition.Status == "True" ? "Healthy" : "Unhealthy";
                    message = condition.Message;
                    error = condition.Error;
                    break;
                }
            }
        }
        row.String(obj.Metadata.Name);
        row.String(status);
        row.String(message);
        row.String(error);
    }
}
