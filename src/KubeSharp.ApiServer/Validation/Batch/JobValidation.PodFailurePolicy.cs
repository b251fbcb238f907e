using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Batch;

public static partial class JobValidation
{
    private static void PodFailurePolicy(FieldErrorList errors, JobSpec spec, PodFailurePolicy policy, FieldPath path)
    {
        var rules = policy.Rules ?? [];
        var rulesPath = path.Child("rules");
        if (rules.Count > 20)
        {
            errors.Add(FieldError.TooMany(rulesPath, rules.Count, 20));
        }

        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var p = rulesPath.Index(i);
            var actionPath = p.Child("action");
            if (rule.Action.Length == 0)
            {
                errors.Add(FieldError.Required(actionPath, "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]"));
            }
            else if (rule.Action == "FailIndex")
            {
                if (spec.BackoffLimitPerIndex is null)
                {
                    errors.Add(FieldError.Invalid(actionPath, rule.Action, "requires the backoffLimitPerIndex to be set"));
                }
            }
            else if (rule.Action is not ("Count" or "FailJob" or "Ignore"))
            {
                errors.Add(FieldError.NotSupported(actionPath, rule.Action, ["Count", "FailIndex", "FailJob", "Ignore"]));
            }

            if (rule.OnExitCodes is { } onExitCodes)
            {
                var ep = p.Child("onExitCodes");
                if (onExitCodes.Operator is not ("In" or "NotIn"))
                {
                    errors.Add(FieldError.NotSupported(ep.Child("operator"), onExitCodes.Operator, ["In", "NotIn"]));
                }

                var values = onExitCodes.Values ?? [];
                if (values.Count == 0)
                {
                    errors.Add(FieldError.Required(ep.Child("values"), "at least one value is required"));
                }

                for (var v = 0; v < values.Count; v++)
                {
                    if (onExitCodes.Operator == "In" && values[v] == 0)
                    {
                        errors.Add(FieldError.Invalid(ep.Child("values").Index(v), 0, "must not be 0 for the In operator"));
                    }

                    if (v > 0 && values[v - 1] == values[v])
                    {
                        errors.Add(FieldError.Duplicate(ep.Child("values").Index(v), values[v]));
                    }
                    else if (v > 0 && values[v - 1] > values[v])
                    {
                        errors.Add(FieldError.Invalid(ep.Child("values").Index(v), values[v], "must be ordered"));
                    }
                }
            }

            var hasConditions = rule.OnPodConditions is { Count: > 0 };
            if (rule.OnExitCodes is not null && hasConditions)
            {
                errors.Add(FieldError.Invalid(p, FieldError.OmitValue, "specifying both OnExitCodes and OnPodConditions is not supported"));
            }

            if (rule.OnExitCodes is null && !hasConditions)
            {
                errors.Add(FieldError.Invalid(p, FieldError.OmitValue, "specifying one of OnExitCodes and OnPodConditions is required"));
            }
        }
    }
}
