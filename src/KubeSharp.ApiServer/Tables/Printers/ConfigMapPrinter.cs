using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>configmaps: NAME, DATA (keys of data and binaryData), AGE.</summary>
internal sealed class ConfigMapPrinter : ResourcePrinter<ConfigMap>
{
    public ConfigMapPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Data", "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(ConfigMap obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.Integer((obj.Data?.Count ?? 0) + (obj.BinaryData?.Count ?? 0));
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
