using System.Text;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.ApiServer.Tables;

/// <summary>The printers' shared formatting helpers (labels, selectors, containers, "+ N more..." lists).</summary>
internal static class CellFormat
{
    /// <summary><c>labels.FormatLabels</c>: <c>k=v,k2=v2</c> sorted by key, or <c>&lt;none&gt;</c>.</summary>
    public static string Labels(Dictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return "<none>";
        }
        var text = Selector.FromSet(labels).ToString();
        return text.Length == 0 ? "<none>" : text;
    }

    /// <summary><c>metav1.FormatLabelSelector</c>: the selector's text, <c>&lt;none&gt;</c> when empty or absent, <c>&lt;error&gt;</c> when invalid.</summary>
    public static string LabelSelector(LabelSelector? selector)
    {
        if (!selector.TryToSelector(out var parsed, out _))
        {
            return "<error>";
        }
        var text = parsed.ToString();
        return text.Length == 0 ? "<none>" : text;
    }

    /// <summary>The Deployment printer's selector: the text (empty when absent or empty), <c>&lt;invalid&gt;</c> when invalid.</summary>
    public static string SelectorOrInvalid(LabelSelector? selector)
        => selector.TryToSelector(out var parsed, out _) ? parsed.ToString() : "<invalid>";

    /// <summary><c>layoutContainerCells</c>: container names and images, each joined by ','.</summary>
    public static (string Names, string Images) Containers(List<Container>? containers)
    {
        if (containers is null || containers.Count == 0)
        {
            return ("", "");
        }
        if (containers.Count == 1)
        {
            return (containers[0].Name, containers[0].Image);
        }
        var names = new StringBuilder();
        var images = new StringBuilder();
        for (var i = 0; i < containers.Count; i++)
        {
            if (i > 0)
            {
                names.Append(',');
                images.Append(',');
            }
            names.Append(containers[i].Name);
            images.Append(containers[i].Image);
        }
        return (names.ToString(), images.ToString());
    }

    /// <summary>Writes the CONTAINERS and IMAGES cells of a pod template.</summary>
    public static void AddContainers(TableRowBuilder row, PodTemplateSpec? template)
    {
        var (names, images) = Containers(template?.Spec.Containers);
        row.String(names);
        row.String(images);
    }

    /// <summary><c>listWithMoreString</c>: the first items joined by ',', then <c> + N more...</c>; <c>&lt;unset&gt;</c> when empty.</summary>
    public static string ListWithMore(List<string> list, bool more, int count, int max)
    {
        var text = string.Join(',', list);
        if (more)
        {
            return $"{text} + {count - max} more...";
        }
        return text.Length == 0 ? "<unset>" : text;
    }

    /// <summary>Go's <c>net.JoinHostPort</c>: IPv6 hosts (containing ':') are bracketed.</summary>
    public static string JoinHostPort(string host, int port)
    {
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{portText}" : host + ":" + portText;
    }

    /// <summary><c>printBool</c>: <c>True</c> or <c>False</c>.</summary>
    public static string Bool(bool value) => value ? "True" : "False";

    /// <summary><c>printBoolPtr</c>: <c>True</c>, <c>False</c> or <c>&lt;unset&gt;</c>.</summary>
    public static string Bool(bool? value) => value is { } v ? Bool(v) : "<unset>";
}
