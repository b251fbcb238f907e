using System.Text.Json;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

/// <summary>upstream's Secret rules (<c>ValidateSecret</c>, <c>ValidateSecretUpdate</c>), including type-specific keys.</summary>
public static class SecretValidation
{
    /// <summary>upstream <c>ValidateSecret</c>.</summary>
    public static FieldErrorList Validate(Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var errors = ObjectMetaValidation.Validate(secret.Metadata, true, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata"));
        var dataPath = FieldPath.Root("data");
        long total = 0;
        foreach (var key in CommonValidation.SortedKeys(secret.Data))
        {
            foreach (var msg in ValueValidation.IsConfigMapKey(key))
            {
                errors.Add(FieldError.Invalid(dataPath.Key(key), key, msg));
            }

            total += secret.Data![key]?.Length ?? 0;
        }

        if (total > ConfigMapValidation.MaxSize)
        {
            errors.Add(FieldError.TooLong(dataPath, string.Empty, ConfigMapValidation.MaxSize));
        }

        var data = secret.Data ?? [];
        switch (secret.Type)
        {
            case "kubernetes.io/service-account-token":
                if (secret.Metadata.Annotations is null
                    || !secret.Metadata.Annotations.TryGetValue("kubernetes.io/service-account.name", out var saName) || saName.Length == 0)
                {
                    errors.Add(FieldError.Required(FieldPath.Root("metadata", "annotations").Key("kubernetes.io/service-account.name"), string.Empty));
                }

                break;
            case "Opaque":
            case "":
                break;
            case "kubernetes.io/dockercfg":
                DockerConfig(errors, data, ".dockercfg", dataPath);
                break;
            case "kubernetes.io/dockerconfigjson":
                DockerConfig(errors, data, ".dockerconfigjson", dataPath);
                break;
            case "kubernetes.io/basic-auth":
                if (!data.ContainsKey("username") && !data.ContainsKey("password"))
                {
                    errors.Add(FieldError.Required(dataPath.Key("username"), string.Empty));
                    errors.Add(FieldError.Required(dataPath.Key("password"), string.Empty));
                }

                break;
            case "kubernetes.io/ssh-auth":
                if (!data.TryGetValue("ssh-privatekey", out var sshKey) || sshKey is not { Length: > 0 })
                {
                    errors.Add(FieldError.Required(dataPath.Key("ssh-privatekey"), string.Empty));
                }

                break;
            case "kubernetes.io/tls":
                if (!data.ContainsKey("tls.crt"))
                {
                    errors.Add(FieldError.Required(dataPath.Key("tls.crt"), string.Empty));
                }

                if (!data.ContainsKey("tls.key"))
                {
                    errors.Add(FieldError.Required(dataPath.Key("tls.key"), string.Empty));
                }

                break;
        }

        return errors;
    }

    /// <summary>upstream <c>ValidateSecretUpdate</c>: type immutable; data frozen when immutable.</summary>
    public static FieldErrorList ValidateUpdate(Secret secret, Secret old)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(secret.Metadata, old.Metadata, FieldPath.Root("metadata"));
        CommonValidation.Immutable(errors, secret.Type == old.Type, secret.Type, FieldPath.Root("type"));
        if (old.Immutable == true)
        {
            if (secret.Immutable != true)
            {
                errors.Add(FieldError.Forbidden(FieldPath.Root("immutable"), ConfigMapValidation.ImmutableMessage));
            }

            if (!ConfigMapValidation.BytesMapsEqual(secret.Data, old.Data))
            {
                errors.Add(FieldError.Forbidden(FieldPath.Root("data"), ConfigMapValidation.ImmutableMessage));
            }
        }

        errors.AddRange(Validate(secret));
        return errors;
    }

    private static void DockerConfig(FieldErrorList errors, Dictionary<string, byte[]?> data, string key, FieldPath dataPath)
    {
        if (!data.TryGetValue(key, out var bytes))
        {
            errors.Add(FieldError.Required(dataPath.Key(key), string.Empty));
            return;
        }

        if (GoJsonObjectError(bytes ?? []) is { } error)
        {
            errors.Add(FieldError.Invalid(dataPath.Key(key), "<secret contents redacted>", error));
        }
    }

    /// <summary>The error Go's <c>json.Unmarshal</c> into <c>map[string]interface{}</c> reports, or null.</summary>
    internal static string? GoJsonObjectError(byte[] json)
    {
        var text = System.Text.Encoding.UTF8.GetString(json).Trim(' ', '\t', '\r', '\n');
        if (text.Length == 0)
        {
            return "unexpected end of JSON input";
        }

        var first = text[0];
        if (first is not ('{' or '[' or '"' or '-' or 't' or 'f' or 'n') && first is not (>= '0' and <= '9'))
        {
            return "invalid character '" + first + "' looking for beginning of value";
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind switch
            {
                JsonValueKind.Object or JsonValueKind.Null => null,
                JsonValueKind.Array => "json: cannot unmarshal array into Go value of type map[string]interface {}",
                JsonValueKind.String => "json: cannot unmarshal string into Go value of type map[string]interface {}",
                JsonValueKind.Number => "json: cannot unmarshal number into Go value of type map[string]interface {}",
                _ => "json: cannot unmarshal bool into Go value of type map[string]interface {}",
            };
        }
        catch (JsonException)
        {
            return "unexpected end of JSON input";
        }
    }
}
