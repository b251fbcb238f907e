using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>secrets: NAME, TYPE, DATA (keys, with stringData merged in as upstream's conversion does), AGE.</summary>
internal sealed class SecretPrinter : ResourcePrinter<Secret>
{
    public SecretPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Type", "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
            TableColumn.Str("Data", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(Secret obj, TableRowBuilder row)
    {
        var count = obj.Data?.Count ?? 0;
        if (obj.StringData is { Count: > 0 } stringData)
        {
            foreach (var key in stringData.Keys)
            {
                if (obj.Data is null || !obj.Data.ContainsKey(key))
                {
                    count++;
                }
            }
        }
        row.String(obj.Metadata.Name);
        row.String(obj.Type);
        row.Integer(count);
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
