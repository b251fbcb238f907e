using KubeSharp.Api.Node.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>runtimeclasses: NAME, HANDLER, AGE.</summary>
internal sealed class RuntimeClassPrinter : ResourcePrinter<RuntimeClass>
{
    public RuntimeClassPrinter()
        : base(TableColumn.NameColumn, TableColumn.Str("Handler", ""), TableColumn.AgeColumn)
    {
    }

    protected override void Print(RuntimeClass obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(obj.Handler);
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
