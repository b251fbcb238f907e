using System.Text;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>resourcequotas: NAME, REQUEST (<c>pods: 1/10, requests.cpu: 0/1</c>), LIMIT (the <c>limits.*</c> resources), AGE.</summary>
internal sealed class ResourceQuotaPrinter : ResourcePrinter<ResourceQuota>
{
    public ResourceQuotaPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
            TableColumn.Str("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(ResourceQuota obj, TableRowBuilder row)
    {
        var hard = obj.Status.Hard;
        var used = obj.Status.Used;
        var requests = new StringBuilder();
        var limits = new StringBuilder();
        if (hard is { Count: > 0 })
        {
            var names = new string[hard.Count];
            hard.Keys.CopyTo(names, 0);
            Array.Sort(names, GoStringComparer.Instance);
            foreach (var name in names)
            {
                var dot = name.IndexOf('.', StringComparison.Ordinal);
                var target = dot >= 0 && name.AsSpan(0, dot).SequenceEqual("limits") ? limits : requests;
                var usedText = used is not null && used.TryGetValue(name, out var u) ? u.ToString() : default(Quantity).ToString();
                target.Append(name).Append(": ").Append(usedText).Append('/').Append(hard[name].ToString()).Append(", ");
            }
        }
        row.String(obj.Metadata.Name);
        row.String(TrimSeparator(requests));
        row.String(TrimSeparator(limits));
        row.Age(obj.Metadata.CreationTimestamp);
    }

    private static string TrimSeparator(StringBuilder text) => text.Length >= 2 ? text.ToString(0, text.Length - 2) : text.ToString();
}
