using System.Text;
using KubeSharp.Api;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation;

/// <summary>
/// upstream's ObjectMeta rules (<c>k8s.io/apimachinery/pkg/api/validation/objectmeta.go</c>, plus the
/// core wrapper that checks legacy finalizer names): names per kind, generateName, namespace by scope,
/// labels, annotations, ownerReferences, finalizers, managedFields, and the update rules.
/// </summary>
public static class ObjectMetaValidation
{
    /// <summary>Finalizer names that need no domain prefix (upstream <c>IsStandardFinalizerName</c>).</summary>
    private static readonly string[] StandardFinalizers = ["kubernetes", "orphan", "foregroundDeletion"];

    /// <summary>Names that must be DNS-1123 subdomains (most kinds).</summary>
    public static NameValidator DnsSubdomain { get; } = NameValidation.NameIsDNSSubdomain;

    /// <summary>Names that must be DNS-1123 labels (namespaces, statefulsets).</summary>
    public static NameValidator DnsLabel { get; } = NameValidation.NameIsDNSLabel;

    /// <summary>Names that must be DNS-1035 labels (services).</summary>
    public static NameValidator Dns1035Label { get; } = NameValidation.NameIsDNS1035Label;

    /// <summary>Names that only need to be safe path segments (the generic registry rule).</summary>
    public static NameValidator PathSegment { get; } = NameValidation.ValidatePathSegmentName;

    /// <summary>
    /// upstream <c>ValidateObjectMeta</c>. <paramref name="kubeFinalizers"/> adds the core wrapper's check that a
    /// finalizer without '/' is a standard one.
    /// </summary>
    public static FieldErrorList Validate(ObjectMeta meta, bool requiresNamespace, NameValidator nameFn, FieldPath path, bool kubeFinalizers = true)
    {
        ArgumentNullException.ThrowIfNull(meta);
        ArgumentNullException.ThrowIfNull(nameFn);
        var errors = new FieldErrorList();
        if (meta.GenerateName.Length != 0)
        {
            foreach (var msg in nameFn(meta.GenerateName, true))
            {
                errors.Add(FieldError.Invalid(path.Child("generateName"), meta.GenerateName, msg));
            }
        }

        if (meta.Name.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("name"), "name or generateName is required"));
        }
        else
        {
            foreach (var msg in nameFn(meta.Name, false))
            {
                errors.Add(FieldError.Invalid(path.Child("name"), meta.Name, msg));
            }
        }

        if (requiresNamespace)
        {
            if (meta.Namespace.Length == 0)
            {
                errors.Add(FieldError.Required(path.Child("namespace"), string.Empty));
            }
            else
            {
                foreach (var msg in NameValidation.ValidateNamespaceName(meta.Namespace, false))
                {
                    errors.Add(FieldError.Invalid(path.Child("namespace"), meta.Namespace, msg));
                }
            }
        }
        else if (meta.Namespace.Length != 0)
        {
            errors.Add(FieldError.Forbidden(path.Child("namespace"), "not allowed on this type"));
        }

        CommonValidation.NonNegative(errors, meta.Generation, path.Child("generation"));
        CommonValidation.Labels(errors, meta.Labels, path.Child("labels"));
        CommonValidation.Annotations(errors, meta.Annotations, path.Child("annotations"));
        OwnerReferences(errors, meta.OwnerReferences, path.Child("ownerReferences"));
        Finalizers(errors, meta.Finalizers, path.Child("finalizers"));
        ManagedFields(errors, meta.ManagedFields, path.Child("managedFields"));
        if (kubeFinalizers)
        {
            KubeFinalizerNames(errors, meta.Finalizers, path.Child("finalizers"));
        }

        return errors;
    }

    /// <summary>upstream <c>ValidateObjectMetaUpdate</c> (plus the core wrapper's finalizer check).</summary>
    public static FieldErrorList ValidateUpdate(ObjectMeta newMeta, ObjectMeta oldMeta, FieldPath path, bool kubeFinalizers = true)
    {
        ArgumentNullException.ThrowIfNull(newMeta);
        ArgumentNullException.ThrowIfNull(oldMeta);
        var errors = new FieldErrorList();
        if (oldMeta.DeletionTimestamp is not null)
        {
            var extra = (newMeta.Finalizers ?? []).Except(oldMeta.Finalizers ?? [], StringComparer.Ordinal).Distinct(StringComparer.Ordinal).ToList();
            if (extra.Count != 0)
            {
                extra.Sort(StringComparer.Ordinal);
                errors.Add(FieldError.Forbidden(path.Child("finalizers"),
                    "no new finalizers can be added if the object is being deleted, found new finalizers " + GoSyntax.Strings(extra)));
            }
        }

        if (newMeta.ResourceVersion.Length == 0)
        {
            errors.Add(FieldError.Invalid(path.Child("resourceVersion"), newMeta.ResourceVersion, "must be specified for an update"));
        }

        if (newMeta.Generation < oldMeta.Generation)
        {
            errors.Add(FieldError.Invalid(path.Child("generation"), newMeta.Generation, "must not be decremented"));
        }

        CommonValidation.Immutable(errors, newMeta.Name == oldMeta.Name, newMeta.Name, path.Child("name"));
        CommonValidation.Immutable(errors, newMeta.Namespace == oldMeta.Namespace, newMeta.Namespace, path.Child("namespace"));
        CommonValidation.Immutable(errors, newMeta.Uid == oldMeta.Uid, newMeta.Uid, path.Child("uid"));
        // The printed values are built only for an error (the usual update changes none of these).
        if (newMeta.CreationTimestamp != oldMeta.CreationTimestamp)
        {
            CommonValidation.Immutable(errors, false, new GoValue(GoTimeString(newMeta.CreationTimestamp)), path.Child("creationTimestamp"));
        }

        if (!Nullable.Equals(newMeta.DeletionTimestamp, oldMeta.DeletionTimestamp))
        {
            CommonValidation.Immutable(errors, false,
                newMeta.DeletionTimestamp is { } dt ? new GoValue(GoTimeString(dt)) : "null", path.Child("deletionTimestamp"));
        }

        if (newMeta.DeletionGracePeriodSeconds != oldMeta.DeletionGracePeriodSeconds)
        {
            CommonValidation.Immutable(errors, false,
                newMeta.DeletionGracePeriodSeconds is { } g ? g : "null", path.Child("deletionGracePeriodSeconds"));
        }
        CommonValidation.Labels(errors, newMeta.Labels, path.Child("labels"));
        CommonValidation.Annotations(errors, newMeta.Annotations, path.Child("annotations"));
        OwnerReferences(errors, newMeta.OwnerReferences, path.Child("ownerReferences"));
        ManagedFields(errors, newMeta.ManagedFields, path.Child("managedFields"));
        Finalizers(errors, newMeta.Finalizers, path.Child("finalizers"));
        if (kubeFinalizers)
        {
            KubeFinalizerNames(errors, newMeta.Finalizers, path.Child("finalizers"));
        }

        return errors;
    }

    /// <summary>upstream <c>ValidateFinalizers</c>: qualified names, and not both orphan and foregroundDeletion.</summary>
    public static void Finalizers(FieldErrorList errors, List<string>? finalizers, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (finalizers is null)
        {
            return;
        }

        var orphan = false;
        var foreground = false;
        foreach (var finalizer in finalizers)
        {
            CommonValidation.QualifiedName(errors, finalizer, path);
            orphan |= finalizer == "orphan";
            foreground |= finalizer == "foregroundDeletion";
        }

        if (orphan && foreground)
        {
            errors.Add(FieldError.Invalid(path, finalizers, "finalizer orphan and foregroundDeletion cannot be both set"));
        }
    }

    /// <summary>upstream <c>validateKubeFinalizerName</c> for each finalizer (path indexed).</summary>
    public static void KubeFinalizerNames(FieldErrorList errors, List<string>? finalizers, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        for (var i = 0; i < (finalizers?.Count ?? 0); i++)
        {
            KubeFinalizerName(errors, finalizers![i], path.Index(i));
        }
    }

    /// <summary>upstream <c>validateKubeFinalizerName</c>.</summary>
    public static void KubeFinalizerName(FieldErrorList errors, string finalizer, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(finalizer);
        if (!finalizer.Contains('/', StringComparison.Ordinal) && !StandardFinalizers.Contains(finalizer, StringComparer.Ordinal))
        {
            errors.Add(FieldError.Invalid(path, finalizer, "name is neither a standard finalizer name nor is it fully qualified"));
        }
    }

    /// <summary>upstream <c>ValidateOwnerReferences</c>.</summary>
    public static void OwnerReferences(FieldErrorList errors, List<OwnerReference>? references, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (references is null)
        {
            return;
        }

        string? firstController = null;
        foreach (var reference in references)
        {
            var (group, version) = ParseApiVersion(reference.ApiVersion);
            if (version.Length == 0)
            {
                errors.Add(FieldError.Invalid(path.Child("apiVersion"), reference.ApiVersion, "version must not be empty"));
            }

            if (reference.Kind.Length == 0)
            {
                errors.Add(FieldError.Invalid(path.Child("kind"), reference.Kind, "must not be empty"));
            }

            if (reference.Name.Length == 0)
            {
                errors.Add(FieldError.Invalid(path.Child("name"), reference.Name, "must not be empty"));
            }

            if (reference.Uid.Length == 0)
            {
                errors.Add(FieldError.Invalid(path.Child("uid"), reference.Uid, "must not be empty"));
            }

            if (group.Length == 0 && version == "v1" && reference.Kind == "Event")
            {
                errors.Add(FieldError.Invalid(path, new GoValue(OwnerReferenceSyntax(reference)), "/v1, Kind=Event is disallowed from being an owner"));
            }

            if (reference.Controller == true)
            {
                var current = reference.Kind + "/" + reference.Name;
                if (firstController is not null)
                {
                    var sb = new StringBuilder("[]v1.OwnerReference{");
                    for (var i = 0; i < references.Count; i++)
                    {
                        sb.Append(i > 0 ? ", " : string.Empty).Append(OwnerReferenceSyntax(references[i]));
                    }

                    errors.Add(FieldError.Invalid(path, new GoValue(sb.Append('}').ToString()),
                        "Only one reference can have Controller set to true. Found \"true\" in references for " + firstController + " and " + current));
                }
                else
                {
                    firstController = current;
                }
            }
        }
    }

    /// <summary>upstream <c>ValidateManagedFields</c>.</summary>
    public static void ManagedFields(FieldErrorList errors, List<ManagedFieldsEntry>? entries, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        for (var i = 0; i < (entries?.Count ?? 0); i++)
        {
            var entry = entries![i];
            var p = path.Index(i);
            if (entry.Operation is not ("Apply" or "Update"))
            {
                errors.Add(FieldError.Invalid(p.Child("operation"), entry.Operation, "must be `Apply` or `Update`"));
            }

            if (entry.FieldsType.Length > 0 && entry.FieldsType != "FieldsV1")
            {
                errors.Add(FieldError.Invalid(p.Child("fieldsType"), entry.FieldsType, "must be `FieldsV1`"));
            }

            if (entry.Manager.Length > 128)
            {
                errors.Add(FieldError.TooLong(p.Child("manager"), entry.Manager, 128));
            }

            if (entry.Subresource.Length > 256)
            {
                errors.Add(FieldError.TooLong(p.Child("subresource"), entry.Subresource, 256));
            }
        }
    }

    /// <summary>upstream <c>schema.ParseGroupVersion</c>, tolerant: an unparsable value gives an empty version.</summary>
    internal static (string Group, string Version) ParseApiVersion(string apiVersion)
    {
        if (apiVersion.Length == 0 || apiVersion == "/")
        {
            return (string.Empty, string.Empty);
        }

        var parts = apiVersion.Split('/');
        return parts.Length switch
        {
            1 => (string.Empty, parts[0]),
            2 => (parts[0], parts[1]),
            _ => (string.Empty, string.Empty),
        };
    }

    /// <summary>Go's <c>time.Time.String()</c> form of a timestamp (UTC): <c>2006-01-02 15:04:05 +0000 UTC</c>.</summary>
    internal static string GoTimeString(Time time)
    {
        if (time.IsZero)
        {
            return "0001-01-01 00:00:00 +0000 UTC";
        }

        var dto = time.ToDateTimeOffset().ToUniversalTime();
        var text = dto.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        if (time.Nanosecond != 0)
        {
            text += "." + time.Nanosecond.ToString("D9", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return text + " +0000 UTC";
    }

    private static string OwnerReferenceSyntax(OwnerReference r) =>
        "v1.OwnerReference{APIVersion:" + GoSyntax.Quote(r.ApiVersion) + ", Kind:" + GoSyntax.Quote(r.Kind)
        + ", Name:" + GoSyntax.Quote(r.Name) + ", UID:" + GoSyntax.Quote(r.Uid)
        + ", Controller:" + GoSyntax.Pointer("bool", r.Controller is null)
        + ", BlockOwnerDeletion:" + GoSyntax.Pointer("bool", r.BlockOwnerDeletion is null) + "}";
}
