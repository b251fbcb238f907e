using KubeSharp.Api.Resource.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>deviceclasses and resourceclaimtemplates: NAME, AGE.</summary>
internal sealed class NameAgePrinter : ResourcePrinter
{
    public NameAgePrinter()
        : base(TableColumn.NameColumn, TableColumn.AgeColumn)
    {
    }

    public override bool CanPrint(object obj) => obj is DeviceClass or ResourceClaimTemplate;

    public override void Print(object obj, TableRowBuilder row)
    {
        var metadata = obj is DeviceClass deviceClass ? deviceClass.Metadata : ((ResourceClaimTemplate)obj).Metadata;
        row.String(metadata.Name);
        row.Age(metadata.CreationTimestamp);
    }
}
