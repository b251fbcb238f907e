using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class PodValidation
{
    /// <summary>upstream <c>validateResourceRequirements</c> with container resource names.</summary>
    private static void ResourceRequirementsRules(FieldErrorList errors, ResourceRequirements requirements, HashSet<string>? podClaimNames, FieldPath path)
    {
        var limPath = path.Child("limits");
        var reqPath = path.Child("requests");
        bool limCpuMem = false, reqCpuMem = false, limHuge = false, reqHuge = false;
        foreach (var name in CommonValidation.SortedKeys(requirements.Limits))
        {
            var quantity = requirements.Limits![name];
            var p = limPath.Key(name);
            ResourceNames.ValidateContainerResourceName(errors, name, p);
            ResourceQuantityValue(errors, name, quantity, p);
            if (ResourceNames.IsHugePage(name))
            {
                limHuge = true;
            }

            limCpuMem |= name is "cpu" or "memory";
        }

        foreach (var name in CommonValidation.SortedKeys(requirements.Requests))
        {
            var quantity = requirements.Requests![name];
            var p = reqPath.Key(name);
            ResourceNames.ValidateContainerResourceName(errors, name, p);
            ResourceQuantityValue(errors, name, quantity, p);
            if (requirements.Limits is not null && requirements.Limits.TryGetValue(name, out var limit))
            {
                if (quantity.Cmp(limit) != 0 && !ResourceNames.IsOvercommitAllowed(name))
                {
                    errors.Add(FieldError.Invalid(reqPath, quantity.ToString(), "must be equal to " + name + " limit of " + limit));
                }
                else if (quantity.Cmp(limit) > 0)
                {
                    errors.Add(FieldError.Invalid(reqPath, quantity.ToString(), "must be less than or equal to " + name + " limit of " + limit));
                }
            }
            else if (!ResourceNames.IsOvercommitAllowed(name))
            {
                errors.Add(FieldError.Required(limPath, "Limit must be set for non overcommitable resources"));
            }

            if (ResourceNames.IsHugePage(name))
            {
                reqHuge = true;
            }

            reqCpuMem |= name is "cpu" or "memory";
        }

        if (!limCpuMem && !reqCpuMem && (reqHuge || limHuge))
        {
            errors.Add(FieldError.Forbidden(path, "HugePages require cpu or memory"));
        }

        ResourceClaimNames(errors, requirements.Claims, podClaimNames, path.Child("claims"));
    }

    /// <summary>upstream <c>ValidateResourceQuantityValue</c>.</summary>
    internal static void ResourceQuantityValue(FieldErrorList errors, string name, Quantity value, FieldPath path)
    {
        if (value.Sign < 0)
        {
            errors.Add(FieldError.Invalid(path, value.ToString(), CommonValidation.IsNegativeErrorMsg));
        }

        if (ResourceNames.IsInteger(name) && value.MilliValue() % 1000 != 0)
        {
            errors.Add(FieldError.Invalid(path, GoSyntax.QuantityValue(value), "must be an integer"));
        }
    }

    private static void ResourceClaimNames(FieldErrorList errors, List<ResourceClaim>? claims, HashSet<string>? podClaimNames, FieldPath path)
    {
        if (claims is not { Count: > 0 })
        {
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (claims?.Count ?? 0); i++)
        {
            var claim = claims![i];
            if (claim.Name.Length == 0)
            {
                errors.Add(FieldError.Required(path.Index(i), string.Empty));
                continue;
            }

            if (names.Contains(claim.Name))
            {
                errors.Add(FieldError.Duplicate(path.Index(i), claim.Name));
            }
            else
            {
                var key = claim.Name;
                if (claim.Request.Length != 0)
                {
                    CommonValidation.DNS1123Label(errors, claim.Request, path.Index(i).Child("request"));
                    key += "/" + claim.Request;
                }

                if (names.Contains(key))
                {
                    errors.Add(FieldError.Duplicate(path.Index(i), key));
                }

                names.Add(key);
            }

            if (podClaimNames is not null && !podClaimNames.Contains(claim.Name))
            {
                var sorted = podClaimNames.ToList();
                sorted.Sort(StringComparer.Ordinal);
                var detail = "must be one of the names in pod.spec.resourceClaims"
                    + (sorted.Count == 0 ? " which is empty" : ": " + string.Join(", ", sorted));
                errors.Add(new FieldError(FieldErrorType.NotFound, path.Index(i).ToString(), claim.Name, detail));
            }
        }
    }
}
