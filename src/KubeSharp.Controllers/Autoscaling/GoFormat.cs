using System.Text;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.Controllers.Autoscaling;

/// <summary>Go's printing of the values upstream puts into the autoscaler's messages.</summary>
public static class GoFormat
{
    /// <summary>A <c>*metav1.LabelSelector</c> printed with <c>%+v</c> (its generated String method; <c>nil</c> for none).</summary>
    public static string LabelSelector(LabelSelector? selector)
    {
        if (selector is null)
        {
            return "nil";
        }
        var text = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
        foreach (var (key, value) in (selector.MatchLabels ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append(": ").Append(value).Append(',');
        }
        text.Append("},MatchExpressions:[]LabelSelectorRequirement{");
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            text.Append("LabelSelectorRequirement{Key:").Append(requirement.Key)
                .Append(",Operator:").Append(requirement.Operator)
                .Append(",Values:[").Append(string.Join(' ', requirement.Values ?? [])).Append("],},");
        }
        return text.Append("},}").ToString();
    }
}
