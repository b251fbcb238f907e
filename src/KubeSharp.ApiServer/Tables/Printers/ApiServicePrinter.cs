using KubeSharp.Api.ApiRegistration.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>
/// apiservices (the aggregator's own convertor): NAME, SERVICE (<c>namespace/name</c> or <c>Local</c>), AVAILABLE
/// (<c>True</c>, <c>False (MissingEndpoints)</c>, <c>Unknown</c>), AGE. Column definitions are sent even with noHeaders.
/// </summary>
internal sealed class ApiServicePrinter : ResourcePrinter<APIService>
{
    public ApiServicePrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Service", "The reference to the service that hosts this API endpoint."),
            TableColumn.Str("Available", "Whether this service is available."),
            TableColumn.AgeColumn)
    {
    }

    public override bool HonoursNoHeaders => false;

    protected override void Print(APIService obj, TableRowBuilder row)
    {
        var service = obj.Spec.Service is { } s ? s.Namespace + "/" + s.Name : "Local";
        var status = "Unknown";
        if (obj.Status.Conditions is { } conditions)
        {
            foreach (var condition in conditions)
            {
                if (condition.Type == "Available")
                {
                    status = condition.Status == "True" || condition.Reason.Length == 0
                        ? condition.Status
                        : condition.Status + " (" + condition.Reason + ")";
                    break;
                }
            }
        }
        row.String(obj.Metadata.Name);
        row.String(service);
        row.String(status);
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
