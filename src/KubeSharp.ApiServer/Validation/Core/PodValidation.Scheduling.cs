using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class PodValidation
{
    /// <summary>upstream <c>ValidateTolerations</c>.</summary>
    public static void Tolerations(FieldErrorList errors, List<Toleration>? tolerations, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        for (var i = 0; i < (tolerations?.Count ?? 0); i++)
        {
            var t = tolerations![i];
            var p = path.Index(i);
            if (t.Key.Length > 0)
            {
                CommonValidation.LabelName(errors, t.Key, p.Child("key"));
            }

            if (t.Key.Length == 0 && t.Operator != "Exists")
            {
                errors.Add(FieldError.Invalid(p.Child("operator"), t.Operator,
                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }

            if (t.TolerationSeconds is not null && t.Effect != "NoExecute")
            {
                errors.Add(FieldError.Invalid(p.Child("effect"), t.Effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }

            switch (t.Operator)
            {
                case "Equal":
                case "":
                    var msgs = ValueValidation.IsValidLabelValue(t.Value);
                    if (msgs.Count != 0)
                    {
                        errors.Add(FieldError.Invalid(p.Child("operator"), t.Value, string.Join(";", msgs)));
                    }

                    break;
                case "Exists":
                    if (t.Value.Length > 0)
                    {
                        errors.Add(FieldError.Invalid(p.Child("operator"), t.Value, "value must be empty when `operator` is 'Exists'"));
                    }

                    break;
                default:
                    errors.Add(FieldError.NotSupported(p.Child("operator"), t.Operator, ["Equal", "Exists"]));
                    break;
            }

            if (t.Effect.Length > 0)
            {
                TaintEffect(errors, t.Effect, allowEmpty: true, p.Child("effect"));
            }
        }
    }

    /// <summary>upstream <c>validateTaintEffect</c>.</summary>
    public static void TaintEffect(FieldErrorList errors, string effect, bool allowEmpty, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(effect);
        if (!allowEmpty && effect.Length == 0)
        {
            errors.Add(FieldError.Required(path, string.Empty));
            return;
        }

        if (effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
        {
            errors.Add(FieldError.NotSupported(path, effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"]));
        }
    }

    private static void HostAliases(FieldErrorList errors, List<HostAlias> aliases, FieldPath path)
    {
        for (var i = 0; i < aliases.Count; i++)
        {
            errors.AddRange(ValueValidation.IsValidIP(path.Index(i).Child("ip"), aliases[i].Ip));
            for (var j = 0; j < (aliases[i].Hostnames?.Count ?? 0); j++)
            {
                CommonValidation.DNS1123Subdomain(errors, aliases[i].Hostnames![j], path.Index(i).Child("hostnames").Index(j));
            }
        }
    }

    private static void DnsConfig(FieldErrorList errors, PodDNSConfig? config, string dnsPolicy, FieldPath path)
    {
        if (dnsPolicy == "None")
        {
            if (config is null)
            {
                errors.Add(FieldError.Required(path, "must provide `dnsConfig` when `dnsPolicy` is None"));
                return;
            }

            if (config.Nameservers is not { Count: > 0 })
            {
                errors.Add(FieldError.Required(path.Child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None"));
                return;
            }
        }

        if (config is null)
        {
            return;
        }

        if (config.Nameservers is { Count: > 3 })
        {
            errors.Add(FieldError.Invalid(path.Child("nameservers"), config.Nameservers, "must not have more than 3 nameservers"));
        }

        for (var i = 0; i < (config.Nameservers?.Count ?? 0); i++)
        {
            errors.AddRange(ValueValidation.IsValidIP(path.Child("nameservers").Index(i), config.Nameservers![i]));
        }

        if (config.Searches is { Count: > 32 })
        {
            errors.Add(FieldError.Invalid(path.Child("searches"), config.Searches, "must not have more than 32 search paths"));
        }

        if (config.Searches is not null && string.Join(' ', config.Searches).Length > 2048)
        {
            errors.Add(FieldError.Invalid(path.Child("searches"), config.Searches, "must not have more than 2048 characters (including spaces) in the search list"));
        }

        for (var i = 0; i < (config.Searches?.Count ?? 0); i++)
        {
            var search = config.Searches![i];
            search = search.EndsWith('.') ? search[..^1] : search;
            CommonValidation.DNS1123Subdomain(errors, search, path.Child("searches").Index(i));
        }

        for (var i = 0; i < (config.Options?.Count ?? 0); i++)
        {
            if (config.Options![i].Name.Length == 0)
            {
                errors.Add(FieldError.Required(path.Child("options").Index(i), "must not be empty"));
            }
        }
    }

    private static void ReadinessGates(FieldErrorList errors, List<PodReadinessGate>? gates, FieldPath path)
    {
        for (var i = 0; i < (gates?.Count ?? 0); i++)
        {
            CommonValidation.QualifiedName(errors, gates![i].ConditionType, path.Index(i).Child("conditionType"));
        }
    }

    private static void SchedulingGates(FieldErrorList errors, List<PodSchedulingGate>? gates, FieldPath path)
    {
        if (gates is not { Count: > 0 })
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (gates?.Count ?? 0); i++)
        {
            CommonValidation.QualifiedName(errors, gates![i].Name, path.Index(i));
            if (!seen.Add(gates[i].Name))
            {
                errors.Add(FieldError.Duplicate(path.Index(i), gates[i].Name));
            }
        }
    }

    private static void TopologySpreadConstraints(FieldErrorList errors, List<TopologySpreadConstraint>? constraints, FieldPath path)
    {
        for (var i = 0; i < (constraints?.Count ?? 0); i++)
        {
            var c = constraints![i];
            var p = path.Index(i);
            if (c.MaxSkew <= 0)
            {
                errors.Add(FieldError.Invalid(p.Child("maxSkew"), c.MaxSkew, "must be greater than zero"));
            }

            if (c.TopologyKey.Length == 0)
            {
                errors.Add(FieldError.Required(p.Child("topologyKey"), "can not be empty"));
            }

            if (c.WhenUnsatisfiable is not ("DoNotSchedule" or "ScheduleAnyway"))
            {
                errors.Add(FieldError.NotSupported(p.Child("whenUnsatisfiable"), c.WhenUnsatisfiable, ["DoNotSchedule", "ScheduleAnyway"]));
            }

            for (var j = i + 1; j < constraints.Count; j++)
            {
                if (constraints[j].TopologyKey == c.TopologyKey && constraints[j].WhenUnsatisfiable == c.WhenUnsatisfiable)
                {
                    errors.Add(FieldError.Duplicate(p.Child("{topologyKey, whenUnsatisfiable}"), "{" + c.TopologyKey + ", " + c.WhenUnsatisfiable + "}"));
                    break;
                }
            }

            if (c.MinDomains is { } minDomains)
            {
                if (minDomains <= 0)
                {
                    errors.Add(FieldError.Invalid(p.Child("minDomains"), minDomains, "must be greater than zero"));
                }

                if (c.WhenUnsatisfiable != "DoNotSchedule")
                {
                    errors.Add(FieldError.Invalid(p.Child("minDomains"), minDomains,
                        "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not " + c.WhenUnsatisfiable));
                }
            }

            if (c.NodeAffinityPolicy is { } nap && nap is not ("Honor" or "Ignore"))
            {
                errors.Add(FieldError.NotSupported(p.Child("nodeAffinityPolicy"), nap, ["Honor", "Ignore"]));
            }

            if (c.NodeTaintsPolicy is { } ntp && ntp is not ("Honor" or "Ignore"))
            {
                errors.Add(FieldError.NotSupported(p.Child("nodeTaintsPolicy"), ntp, ["Honor", "Ignore"]));
            }

            CommonValidation.LabelSelector(errors, c.LabelSelector, p.Child("labelSelector"));
        }
    }
}
