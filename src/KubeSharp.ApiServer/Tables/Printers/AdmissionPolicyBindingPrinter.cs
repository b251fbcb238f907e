using KubeSharp.Api.AdmissionRegistration.V1;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>
/// validatingadmissionpolicybindings and mutatingadmissionpolicybindings: NAME, POLICYNAME, PARAMREF
/// (<c>namespace/name</c>, <c>*/name</c>, the selector, or <c>&lt;unset&gt;</c>), AGE.
/// </summary>
internal sealed class AdmissionPolicyBindingPrinter : ResourcePrinter
{
    public AdmissionPolicyBindingPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("PolicyName", "PolicyName indicates the policy definition which the policy binding binded to"),
            TableColumn.Str("ParamRef", "ParamRef indicates the param resource which sets the configration param"),
            TableColumn.AgeColumn)
    {
    }

    public override bool CanPrint(object obj) => obj is ValidatingAdmissionPolicyBinding or MutatingAdmissionPolicyBinding;

    public override void Print(object obj, TableRowBuilder row)
    {
        var (metadata, policyName, paramRef) = obj is ValidatingAdmissionPolicyBinding validating
            ? (validating.Metadata, validating.Spec.PolicyName, validating.Spec.ParamRef)
            : (((MutatingAdmissionPolicyBinding)obj).Metadata, ((MutatingAdmissionPolicyBinding)obj).Spec.PolicyName, ((MutatingAdmissionPolicyBinding)obj).Spec.ParamRef);
        row.String(metadata.Name);
        row.String(policyName);
        row.String(ParamName(paramRef));
        row.Age(metadata.CreationTimestamp);
    }

    private static string ParamName(ParamRef? paramRef)
    {
        if (paramRef is null)
        {
            return "<unset>";
        }
        if (paramRef.Name.Length > 0)
        {
            // Whether the param is cluster-scoped is unknown here: a name without namespace gets '*'.
            return (paramRef.Namespace.Length > 0 ? paramRef.Namespace : "*") + "/" + paramRef.Name;
        }
        return paramRef.Selector is { } selector ? SelectorString(selector) : "<unset>";
    }

    /// <summary>Go's <c>LabelSelector.String()</c>: the generated struct printer, e.g. <c>&amp;LabelSelector{MatchLabels:map[string]string{a: b,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:k,Operator:In,Values:[x y],},},}</c>.</summary>
    private static string SelectorString(LabelSelector selector)
    {
        var text = new System.Text.StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
        if (selector.MatchLabels is { Count: > 0 } labels)
        {
            var keys = new string[labels.Count];
            labels.Keys.CopyTo(keys, 0);
            Array.Sort(keys, GoStringComparer.Instance);
            foreach (var key in keys)
            {
                text.Append(key).Append(": ").Append(labels[key]).Append(',');
            }
        }
        text.Append("},MatchExpressions:[]LabelSelectorRequirement{");
        if (selector.MatchExpressions is { } expressions)
        {
            foreach (var e in expressions)
            {
                text.Append("LabelSelectorRequirement{Key:").Append(e.Key).Append(",Operator:").Append(e.Operator)
                    .Append(",Values:[").AppendJoin(' ', e.Values ?? []).Append("],},");
            }
        }
        text.Append("},}");
        return text.ToString();
    }
}
