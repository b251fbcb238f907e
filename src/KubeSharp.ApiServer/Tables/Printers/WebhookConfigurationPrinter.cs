using KubeSharp.Api.AdmissionRegistration.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>mutatingwebhookconfigurations and validatingwebhookconfigurations: NAME, WEBHOOKS (a count), AGE.</summary>
internal sealed class WebhookConfigurationPrinter : ResourcePrinter
{
    public WebhookConfigurationPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Int("Webhooks", "Webhooks indicates the number of webhooks registered in this configuration"),
            TableColumn.AgeColumn)
    {
    }

    public override bool CanPrint(object obj) => obj is MutatingWebhookConfiguration or ValidatingWebhookConfiguration;

    public override void Print(object obj, TableRowBuilder row)
    {
        if (obj is MutatingWebhookConfiguration mutating)
        {
            row.String(mutating.Metadata.Name);
            row.Integer(mutating.Webhooks?.Count ?? 0);
            row.Age(mutating.Metadata.CreationTimestamp);
            return;
        }
        var validating = (ValidatingWebhookConfiguration)obj;
        row.String(validating.Metadata.Name);
        row.Integer(validating.Webhooks?.Count ?? 0);
        row.Age(validating.Metadata.CreationTimestamp);
    }
}
