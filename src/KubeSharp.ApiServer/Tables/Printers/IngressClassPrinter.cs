using KubeSharp.Api.Networking.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>ingressclasses: NAME, CONTROLLER, PARAMETERS (<c>Kind.group/name</c>), AGE.</summary>
internal sealed class IngressClassPrinter : ResourcePrinter<IngressClass>
{
    public IngressClassPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Controller", "Controller that is responsible for handling this class"),
            TableColumn.Str("Parameters", "A reference to a resource with additional parameters"),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(IngressClass obj, TableRowBuilder row)
    {
        var parameters = "<none>";
        if (obj.Spec.Parameters is { } p)
        {
            parameters = (p.ApiGroup is { } group ? p.Kind + "." + group : p.Kind) + "/" + p.Name;
        }
        row.String(obj.Metadata.Name);
        row.String(obj.Spec.Controller);
        row.String(parameters);
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
