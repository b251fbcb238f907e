using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>serviceaccounts: NAME, SECRETS (a count), AGE.</summary>
internal sealed class ServiceAccountPrinter : ResourcePrinter<ServiceAccount>
{
    public ServiceAccountPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a \"kubernetes.io/enforce-mountable-secrets\" annotation set to \"true\". The \"kubernetes.io/enforce-mountable-secrets\" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret"),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(ServiceAccount obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.Integer(obj.Secrets?.Count ?? 0);
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
