using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class PodValidation
{
    private static readonly string[] EnvFieldPathExpressions =
    [
        "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
        "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ];

    private static readonly string[] VolumeFieldPathExpressions =
        ["metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"];

    private static readonly string[] ResourceFieldPathExpressions =
        ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"];

    private static readonly string[] DownwardApiLabels =
    [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
        "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName", "status.phase", "status.hostIP",
        "status.hostIPs", "status.podIP", "status.podIPs",
    ];

    /// <summary>upstream <c>ValidateEnv</c>.</summary>
    private static void Env(FieldErrorList errors, List<EnvVar>? vars, FieldPath path)
    {
        for (var i = 0; i < (vars?.Count ?? 0); i++)
        {
            var ev = vars![i];
            var p = path.Index(i);
            if (ev.Name.Length == 0)
            {
                errors.Add(FieldError.Required(p.Child("name"), string.Empty));
            }
            else
            {
                foreach (var msg in ValueValidation.IsEnvVarName(ev.Name))
                {
                    errors.Add(FieldError.Invalid(p.Child("name"), ev.Name, msg));
                }
            }

            EnvValueFrom(errors, ev, p.Child("valueFrom"));
        }
    }

    private static void EnvValueFrom(FieldErrorList errors, EnvVar ev, FieldPath path)
    {
        if (ev.ValueFrom is not { } from)
        {
            return;
        }

        var sources = 0;
        if (from.FieldRef is { } fieldRef)
        {
            sources++;
            ObjectFieldSelector(errors, fieldRef, EnvFieldPathExpressions, path.Child("fieldRef"));
        }

        if (from.ResourceFieldRef is { } resourceRef)
        {
            sources++;
            ResourceFieldSelector(errors, resourceRef, path.Child("resourceFieldRef"), volume: false);
        }

        if (from.ConfigMapKeyRef is { } cm)
        {
            sources++;
            KeySelector(errors, cm.Name, cm.Key, path.Child("configMapKeyRef"));
        }

        if (from.SecretKeyRef is { } secret)
        {
            sources++;
            KeySelector(errors, secret.Name, secret.Key, path.Child("secretKeyRef"));
        }

        if (sources == 0)
        {
            errors.Add(FieldError.Invalid(path, string.Empty, "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        }
        else if (ev.Value.Length != 0)
        {
            errors.Add(FieldError.Invalid(path, string.Empty, "may not be specified when `value` is not empty"));
        }
        else if (sources > 1)
        {
            errors.Add(FieldError.Invalid(path, string.Empty, "may not have more than one field specified at a time"));
        }
    }

    private static void KeySelector(FieldErrorList errors, string name, string key, FieldPath path)
    {
        foreach (var msg in NameValidation.NameIsDNSSubdomain(name, false))
        {
            errors.Add(FieldError.Invalid(path.Child("name"), name, msg));
        }

        if (key.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("key"), string.Empty));
        }
        else
        {
            foreach (var msg in ValueValidation.IsConfigMapKey(key))
            {
                errors.Add(FieldError.Invalid(path.Child("key"), key, msg));
            }
        }
    }

    /// <summary>upstream <c>validateObjectFieldSelector</c>.</summary>
    private static void ObjectFieldSelector(FieldErrorList errors, ObjectFieldSelector selector, string[] expressions, FieldPath path)
    {
        if (selector.ApiVersion.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("apiVersion"), string.Empty));
            return;
        }

        if (selector.FieldPath.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("fieldPath"), string.Empty));
            return;
        }

        string? conversionError = null;
        var label = selector.FieldPath;
        if (selector.ApiVersion != "v1")
        {
            conversionError = "unsupported pod version: " + selector.ApiVersion;
        }
        else if (SplitSubscript(label, out var subPath, out _))
        {
            if (subPath is not ("metadata.annotations" or "metadata.labels"))
            {
                conversionError = "field label does not support subscript: " + label;
            }
        }
        else if (label == "spec.host")
        {
            label = "spec.nodeName";
        }
        else if (!DownwardApiLabels.Contains(label, StringComparer.Ordinal))
        {
            conversionError = "field label not supported: " + label;
        }

        if (conversionError is not null)
        {
            errors.Add(FieldError.Invalid(path.Child("fieldPath"), selector.FieldPath, "error converting fieldPath: " + conversionError));
            return;
        }

        if (SplitSubscript(label, out var basePath, out var subscript))
        {
            switch (basePath)
            {
                case "metadata.annotations":
                    CommonValidation.QualifiedName(errors, subscript.ToLowerInvariant(), path);
                    break;
                case "metadata.labels":
                    CommonValidation.QualifiedName(errors, subscript, path);
                    break;
                default:
                    errors.Add(FieldError.Invalid(path, basePath, "does not support subscript"));
                    break;
            }
        }
        else if (!expressions.Contains(label, StringComparer.Ordinal))
        {
            var supported = expressions.ToArray();
            Array.Sort(supported, StringComparer.Ordinal);
            errors.Add(FieldError.NotSupported(path.Child("fieldPath"), label, supported));
        }
    }

    /// <summary>upstream <c>fieldpath.SplitMaybeSubscriptedPath</c>.</summary>
    private static bool SplitSubscript(string fieldPath, out string path, out string subscript)
    {
        path = fieldPath;
        subscript = string.Empty;
        if (!fieldPath.EndsWith("']", StringComparison.Ordinal))
        {
            return false;
        }

        var s = fieldPath[..^2];
        var idx = s.IndexOf("['", StringComparison.Ordinal);
        if (idx <= 0)
        {
            return false;
        }

        path = s[..idx];
        subscript = s[(idx + 2)..];
        return true;
    }

    /// <summary>upstream <c>validateContainerResourceFieldSelector</c>.</summary>
    private static void ResourceFieldSelector(FieldErrorList errors, ResourceFieldSelector selector, FieldPath path, bool volume)
    {
        if (volume && selector.ContainerName.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("containerName"), string.Empty));
        }
        else if (selector.Resource.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("resource"), string.Empty));
        }
        else if (!ResourceFieldPathExpressions.Contains(selector.Resource, StringComparer.Ordinal)
                 && !selector.Resource.StartsWith("requests.hugepages-", StringComparison.Ordinal)
                 && !selector.Resource.StartsWith("limits.hugepages-", StringComparison.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path.Child("resource"), selector.Resource, ResourceFieldPathExpressions));
        }

        if (!selector.Divisor.IsZero)
        {
            var divisor = selector.Divisor.ToString();
            string[] memory = ["1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"];
            const string memoryList = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei";
            switch (selector.Resource)
            {
                case "limits.cpu":
                case "requests.cpu":
                    if (divisor is not ("1m" or "1"))
                    {
                        errors.Add(FieldError.Invalid(path.Child("divisor"), selector.Resource, "only divisor's values 1m and 1 are supported with the cpu resource"));
                    }

                    break;
                case "limits.memory":
                case "requests.memory":
                    if (!memory.Contains(divisor, StringComparer.Ordinal))
                    {
                        errors.Add(FieldError.Invalid(path.Child("divisor"), selector.Resource, "only divisor's values " + memoryList + " are supported with the memory resource"));
                    }

                    break;
                case "limits.ephemeral-storage":
                case "requests.ephemeral-storage":
                    if (!memory.Contains(divisor, StringComparer.Ordinal))
                    {
                        errors.Add(FieldError.Invalid(path.Child("divisor"), selector.Resource, "only divisor's values " + memoryList + " are supported with the local ephemeral storage resource"));
                    }

                    break;
            }

            if ((selector.Resource.StartsWith("requests.hugepages-", StringComparison.Ordinal) || selector.Resource.StartsWith("limits.hugepages-", StringComparison.Ordinal))
                && !memory.Contains(divisor, StringComparer.Ordinal))
            {
                errors.Add(FieldError.Invalid(path.Child("divisor"), selector.Resource, "only divisor's values " + memoryList + " are supported with the hugepages resource"));
            }
        }
    }

    /// <summary>upstream <c>ValidateEnvFrom</c>.</summary>
    private static void EnvFrom(FieldErrorList errors, List<EnvFromSource>? sources, FieldPath path)
    {
        for (var i = 0; i < (sources?.Count ?? 0); i++)
        {
            var ev = sources![i];
            var p = path.Index(i);
            if (ev.Prefix.Length > 0)
            {
                foreach (var msg in ValueValidation.IsEnvVarName(ev.Prefix))
                {
                    errors.Add(FieldError.Invalid(p.Child("prefix"), ev.Prefix, msg));
                }
            }

            var count = 0;
            if (ev.ConfigMapRef is { } cm)
            {
                count++;
                EnvSourceName(errors, cm.Name, p.Child("configMapRef"));
            }

            if (ev.SecretRef is { } secret)
            {
                count++;
                EnvSourceName(errors, secret.Name, p.Child("secretRef"));
            }

            if (count == 0)
            {
                errors.Add(FieldError.Invalid(path, string.Empty, "must specify one of: `configMapRef` or `secretRef`"));
            }
            else if (count > 1)
            {
                errors.Add(FieldError.Invalid(path, string.Empty, "may not have more than one field specified at a time"));
            }
        }
    }

    private static void EnvSourceName(FieldErrorList errors, string name, FieldPath path)
    {
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("name"), string.Empty));
            return;
        }

        foreach (var msg in NameValidation.NameIsDNSSubdomain(name, true))
        {
            errors.Add(FieldError.Invalid(path.Child("name"), name, msg));
        }
    }
}
