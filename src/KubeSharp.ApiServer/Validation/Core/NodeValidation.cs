using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

/// <summary>upstream's Node rules (<c>ValidateNode</c>, <c>ValidateNodeUpdate</c>).</summary>
public static class NodeValidation
{
    /// <summary>upstream <c>ValidateNode</c>. Taint errors are reported under <c>metadata.taints</c>, as upstream does.</summary>
    public static FieldErrorList Validate(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var meta = FieldPath.Root("metadata");
        var errors = ObjectMetaValidation.Validate(node.Metadata, false, ObjectMetaValidation.DnsSubdomain, meta);
        if (node.Spec.Taints is { Count: > 0 })
        {
            Taints(errors, node.Spec.Taints, meta.Child("taints"));
        }

        Resources(errors, node);
        if (node.Spec.PodCIDRs is { Count: > 0 } cidrs)
        {
            var path = FieldPath.Root("spec", "podCIDRs");
            for (var i = 0; i < cidrs.Count; i++)
            {
                errors.AddRange(ValueValidation.IsValidCIDR(path.Index(i), cidrs[i]));
            }

            if (cidrs.Count > 1)
            {
                var v6 = cidrs.Select(c => c.Contains(':', StringComparison.Ordinal)).ToList();
                if (cidrs.Count > 2 || v6[0] == v6[1])
                {
                    errors.Add(FieldError.Invalid(path, cidrs, "may specify no more than one CIDR for each IP family"));
                }

                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < cidrs.Count; i++)
                {
                    if (!seen.Add(cidrs[i]))
                    {
                        errors.Add(FieldError.Duplicate(path.Index(i), cidrs[i]));
                    }
                }
            }
        }

        return errors;
    }

    /// <summary>upstream <c>ValidateNodeUpdate</c>.</summary>
    public static FieldErrorList ValidateUpdate(Node node, Node old)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(old);
        var meta = FieldPath.Root("metadata");
        var errors = ObjectMetaValidation.ValidateUpdate(node.Metadata, old.Metadata, meta);
        Resources(errors, node);
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < (node.Status.Addresses?.Count ?? 0); i++)
        {
            var address = node.Status.Addresses![i];
            if (!seen.Add((address.Type, address.Address)))
            {
                errors.Add(FieldError.Duplicate(FieldPath.Root("status", "addresses").Index(i),
                    new GoValue("core.NodeAddress{Type:" + GoSyntax.Quote(address.Type) + ", Address:" + GoSyntax.Quote(address.Address) + "}")));
            }
        }

        if (old.Spec.PodCIDRs is { Count: > 0 } oldCidrs)
        {
            const string msg = "node updates may not change podCIDR except from \"\" to valid";
            var newCidrs = node.Spec.PodCIDRs ?? [];
            if (oldCidrs.Count != newCidrs.Count)
            {
                errors.Add(FieldError.Forbidden(FieldPath.Root("spec", "podCIDRs"), msg));
            }
            else
            {
                for (var i = 0; i < oldCidrs.Count; i++)
                {
                    if (oldCidrs[i] != newCidrs[i])
                    {
                        errors.Add(FieldError.Forbidden(FieldPath.Root("spec", "podCIDRs"), msg));
                    }
                }
            }
        }

        if (old.Spec.ProviderID.Length > 0 && old.Spec.ProviderID != node.Spec.ProviderID)
        {
            errors.Add(FieldError.Forbidden(FieldPath.Root("spec", "providerID"), "node updates may not change providerID except from \"\" to valid"));
        }

        if (node.Spec.Taints is { Count: > 0 })
        {
            Taints(errors, node.Spec.Taints, meta.Child("taints"));
        }

        if (node.Spec.ExternalID != old.Spec.ExternalID)
        {
            errors.Add(FieldError.Forbidden(FieldPath.Root("spec", "externalID"), "may not be updated"));
        }

        return errors;
    }

    /// <summary>upstream <c>validateNodeTaints</c>.</summary>
    public static void Taints(FieldErrorList errors, List<Taint> taints, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(taints);
        var unique = new HashSet<(string, string)>();
        for (var i = 0; i < taints.Count; i++)
        {
            var taint = taints[i];
            var p = path.Index(i);
            CommonValidation.LabelName(errors, taint.Key, p.Child("key"));
            var msgs = ValueValidation.IsValidLabelValue(taint.Value);
            if (msgs.Count != 0)
            {
                errors.Add(FieldError.Invalid(p.Child("value"), taint.Value, string.Join(";", msgs)));
            }

            PodValidation.TaintEffect(errors, taint.Effect, allowEmpty: false, p.Child("effect"));
            if (!unique.Add((taint.Effect, taint.Key)))
            {
                var value = new GoValue("core.Taint{Key:" + GoSyntax.Quote(taint.Key) + ", Value:" + GoSyntax.Quote(taint.Value)
                    + ", Effect:" + GoSyntax.Quote(taint.Effect) + ", TimeAdded:" + GoSyntax.Pointer("v1.Time", taint.TimeAdded is null) + "}");
                errors.Add(new FieldError(FieldErrorType.Duplicate, p.ToString(), value, "taints must be unique by key and effect pair"));
            }
        }
    }

    private static void Resources(FieldErrorList errors, Node node)
    {
        foreach (var name in CommonValidation.SortedKeys(node.Status.Capacity))
        {
            PodValidation.ResourceQuantityValue(errors, name, node.Status.Capacity![name], FieldPath.Root("status", "capacity", name));
        }

        foreach (var name in CommonValidation.SortedKeys(node.Status.Allocatable))
        {
            PodValidation.ResourceQuantityValue(errors, name, node.Status.Allocatable![name], FieldPath.Root("status", "allocatable", name));
        }
    }
}
