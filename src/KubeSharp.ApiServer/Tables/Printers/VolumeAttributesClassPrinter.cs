using KubeSharp.Api.Storage.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>volumeattributesclasses: NAME (<c>(default)</c> when annotated), DRIVERNAME, AGE.</summary>
internal sealed class VolumeAttributesClassPrinter : ResourcePrinter<VolumeAttributesClass>
{
    public VolumeAttributesClassPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("DriverName", "Name of the CSI driver This field is immutable."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(VolumeAttributesClass obj, TableRowBuilder row)
    {
        var name = obj.Metadata.Name;
        if (obj.Metadata.Annotations is { } annotations
            && annotations.TryGetValue("volumeattributesclass.alpha.kubernetes.io/is-default-class", out var value) && value == "true")
        {
            name += " (default)";
        }
        row.String(name);
        row.String(obj.DriverName);
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
