using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class PodValidation
{
    private static void Affinity(FieldErrorList errors, Affinity? affinity, FieldPath path)
    {
        if (affinity is null)
        {
            return;
        }

        if (affinity.NodeAffinity is { } na)
        {
            var np = path.Child("nodeAffinity");
            if (na.RequiredDuringSchedulingIgnoredDuringExecution is { } required)
            {
                var termPath = np.Child("requiredDuringSchedulingIgnoredDuringExecution").Child("nodeSelectorTerms");
                if (required.NodeSelectorTerms is not { Count: > 0 })
                {
                    errors.Add(FieldError.Required(termPath, "must have at least one node selector term"));
                }
                else
                {
                    for (var i = 0; i < required.NodeSelectorTerms.Count; i++)
                    {
                        NodeSelectorTerm(errors, required.NodeSelectorTerms[i], termPath.Index(i), validateValues: true);
                    }
                }
            }

            for (var i = 0; i < (na.PreferredDuringSchedulingIgnoredDuringExecution?.Count ?? 0); i++)
            {
                var term = na.PreferredDuringSchedulingIgnoredDuringExecution![i];
                var tp = np.Child("preferredDuringSchedulingIgnoredDuringExecution").Index(i);
                if (term.Weight <= 0 || term.Weight > 100)
                {
                    errors.Add(FieldError.Invalid(tp.Child("weight"), term.Weight, "must be in the range 1-100"));
                }

                NodeSelectorTerm(errors, term.Preference, tp.Child("preference"), validateValues: true);
            }
        }

        if (affinity.PodAffinity is { } pa)
        {
            PodAffinityTerms(errors, pa.RequiredDuringSchedulingIgnoredDuringExecution, pa.PreferredDuringSchedulingIgnoredDuringExecution, path.Child("podAffinity"));
        }

        if (affinity.PodAntiAffinity is { } paa)
        {
            PodAffinityTerms(errors, paa.RequiredDuringSchedulingIgnoredDuringExecution, paa.PreferredDuringSchedulingIgnoredDuringExecution, path.Child("podAntiAffinity"));
        }
    }

    private static void NodeSelectorTerm(FieldErrorList errors, NodeSelectorTerm term, FieldPath path, bool validateValues)
    {
        for (var j = 0; j < (term.MatchExpressions?.Count ?? 0); j++)
        {
            var rq = term.MatchExpressions![j];
            var p = path.Child("matchExpressions").Index(j);
            var count = rq.Values?.Count ?? 0;
            switch (rq.Operator)
            {
                case "In":
                case "NotIn":
                    if (count == 0)
                    {
                        errors.Add(FieldError.Required(p.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                    }

                    break;
                case "Exists":
                case "DoesNotExist":
                    if (count > 0)
                    {
                        errors.Add(FieldError.Forbidden(p.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }

                    break;
                case "Gt":
                case "Lt":
                    if (count != 1)
                    {
                        errors.Add(FieldError.Required(p.Child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
                    }

                    break;
                default:
                    errors.Add(FieldError.Invalid(p.Child("operator"), rq.Operator, "not a valid selector operator"));
                    break;
            }

            CommonValidation.LabelName(errors, rq.Key, p.Child("key"));
            if (validateValues)
            {
                for (var v = 0; v < count; v++)
                {
                    foreach (var msg in ValueValidation.IsValidLabelValue(rq.Values![v]))
                    {
                        errors.Add(FieldError.Invalid(p.Child("values").Index(v), rq.Values[v], msg));
                    }
                }
            }
        }

        for (var j = 0; j < (term.MatchFields?.Count ?? 0); j++)
        {
            var rq = term.MatchFields![j];
            var p = path.Child("matchFields").Index(j);
            if (rq.Operator is "In" or "NotIn")
            {
                if ((rq.Values?.Count ?? 0) != 1)
                {
                    errors.Add(FieldError.Required(p.Child("values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
                }
            }
            else
            {
                errors.Add(FieldError.Invalid(p.Child("operator"), rq.Operator, "not a valid selector operator"));
            }

            if (rq.Key != "metadata.name")
            {
                errors.Add(FieldError.Invalid(p.Child("key"), rq.Key, "not a valid field selector key"));
            }
        }
    }

    private static void PodAffinityTerms(FieldErrorList errors, List<PodAffinityTerm>? required, List<WeightedPodAffinityTerm>? preferred, FieldPath path)
    {
        for (var i = 0; i < (required?.Count ?? 0); i++)
        {
            PodAffinityTerm(errors, required![i], path.Child("requiredDuringSchedulingIgnoredDuringExecution").Index(i));
        }

        for (var i = 0; i < (preferred?.Count ?? 0); i++)
        {
            var p = path.Child("preferredDuringSchedulingIgnoredDuringExecution").Index(i);
            if (preferred![i].Weight <= 0 || preferred[i].Weight > 100)
            {
                errors.Add(FieldError.Invalid(p.Child("weight"), preferred[i].Weight, "must be in the range 1-100"));
            }

            PodAffinityTerm(errors, preferred[i].PodAffinityTerm, p.Child("podAffinityTerm"));
        }
    }

    private static void PodAffinityTerm(FieldErrorList errors, PodAffinityTerm term, FieldPath path)
    {
        CommonValidation.LabelSelector(errors, term.LabelSelector, path.Child("labelSelector"));
        CommonValidation.LabelSelector(errors, term.NamespaceSelector, path.Child("namespaceSelector"));
        foreach (var ns in term.Namespaces ?? [])
        {
            foreach (var msg in NameValidation.ValidateNamespaceName(ns, false))
            {
                errors.Add(FieldError.Invalid(path.Child("namespace"), ns, msg));
            }
        }

        if (term.TopologyKey.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("topologyKey"), "can not be empty"));
        }
        else
        {
            CommonValidation.LabelName(errors, term.TopologyKey, path.Child("topologyKey"));
        }
    }
}
