using KubeSharp.Api.Certificates.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>clustertrustbundles: NAME, SIGNERNAME (<c>&lt;none&gt;</c>); no AGE.</summary>
internal sealed class ClusterTrustBundlePrinter : ResourcePrinter<ClusterTrustBundle>
{
    public ClusterTrustBundlePrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("SignerName", "signerName indicates the associated signer, if any."))
    {
    }

    protected override void Print(ClusterTrustBundle obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.StringOrNone(obj.Spec.SignerName);
    }
}
