using KubeSharp.Api;

namespace KubeSharp.ApiServer.Tables;

/// <summary>
/// Upstream's default table convertor (<c>rest.NewDefaultTableConvertor</c>), used for resources without a
/// printer (roles, clusterroles, limitranges, customresourcedefinitions, ...): NAME and CREATED AT, the creation
/// time in RFC 3339 UTC (<c>0001-01-01T00:00:00Z</c> when unset).
/// </summary>
internal sealed class DefaultPrinter : ResourcePrinter
{
    public static DefaultPrinter Instance { get; } = new();

    private DefaultPrinter()
        : base(TableColumn.NameColumn, new TableColumn("Created At", "date", "", ColumnDescriptions.CreationTimestamp, 0))
    {
    }

    public override bool NullRowsWhenEmpty => true;

    public override bool CanPrint(object obj) => obj is IKubeMetaObject;

    public override void Print(object obj, TableRowBuilder row)
    {
        if (obj is not IKubeMetaObject meta)
        {
            throw new ArgumentException($"a {obj.GetType().Name} has no object metadata", nameof(obj));
        }
        row.String(meta.Metadata.Name);
        row.String(meta.Metadata.CreationTimestamp.ToString());
    }
}
