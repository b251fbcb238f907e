using KubeSharp.Api.Certificates.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>certificatesigningrequests: NAME, AGE, SIGNERNAME, REQUESTOR, REQUESTEDDURATION, CONDITION (<c>Approved,Issued</c>).</summary>
internal sealed class CertificateSigningRequestPrinter : ResourcePrinter<CertificateSigningRequest>
{
    private const long NanosPerSecond = 1_000_000_000;

    public CertificateSigningRequestPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.AgeColumn,
            TableColumn.Str("SignerName", "Requested signer for the request. It is a qualified name in the form: `scope-hostname.io/name`. If empty, it will be defaulted:\n 1. If it's a kubelet client certificate, it is assigned\n    \"kubernetes.io/kube-apiserver-client-kubelet\".\n 2. If it's a kubelet serving certificate, it is assigned\n    \"kubernetes.io/kubelet-serving\".\n 3. Otherwise, it is assigned \"kubernetes.io/legacy-unknown\".\nDistribution of trust for signers happens out of band. You can select on this field using `spec.signerName`."),
            TableColumn.Str("Requestor", "Base64-encoded PKCS#10 CSR data"),
            TableColumn.Str("RequestedDuration", "expirationSeconds is the requested duration of validity of the issued certificate. The certificate signer may issue a certificate with a different validity duration so a client must check the delta between the notBefore and and notAfter fields in the issued certificate to determine the actual duration."),
            TableColumn.Str("Condition", "Conditions applied to the request, such as approval or denial."))
    {
    }

    protected override void Print(CertificateSigningRequest obj, TableRowBuilder row)
    {
        var spec = obj.Spec;
        row.String(obj.Metadata.Name);
        row.Age(obj.Metadata.CreationTimestamp);
        row.StringOrNone(spec.SignerName);
        row.String(spec.Username);
        row.String(spec.ExpirationSeconds is { } seconds ? HumanDuration.Format(seconds * NanosPerSecond) : "<none>");
        row.String(Status(obj.Status));
    }

    /// <summary><c>extractCSRStatus</c>: Denied, Approved or Pending, then <c>,Failed</c> and <c>,Issued</c>.</summary>
    private static string Status(CertificateSigningRequestStatus status)
    {
        bool approved = false, denied = false, failed = false;
        if (status.Conditions is { } conditions)
        {
            foreach (var condition in conditions)
            {
                switch (condition.Type)
                {
                    case "Approved":
                        approved = true;
                        break;
                    case "Denied":
                        denied = true;
                        break;
                    case "Failed":
                        failed = true;
                        break;
                    default:
                        break;
                }
            }
        }
        var text = denied ? "Denied" : approved ? "Approved" : "Pending";
        if (failed)
        {
            text += ",Failed";
        }
        if (status.Certificate is { Length: > 0 })
        {
            text += ",Issued";
        }
        return text;
    }
}
