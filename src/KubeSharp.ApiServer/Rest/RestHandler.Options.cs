using System.Globalization;
using System.Text;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Patching;
using FieldPath = KubeSharp.Api.Validation.FieldPath;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>
/// The write options every mutating request carries, checked as upstream's handlers check them before anything else
/// happens (apimachinery's ValidateCreateOptions, ValidateUpdateOptions, ValidatePatchOptions and
/// ValidateDeleteOptions): a bad value is a 422 Invalid on the options kind itself, e.g.
/// <c>CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Some"}: supported values: "All"</c>.
/// </summary>
public sealed partial class RestHandler
{
    /// <summary>upstream's FieldManagerMaxLength.</summary>
    public const int FieldManagerMaxLength = 128;

    private static readonly string[] DryRunValues = ["All"];

    /// <summary>upstream's allowedFieldValidationValues, sorted as sets.List prints them.</summary>
    private static readonly string[] FieldValidationValues = ["", "Ignore", "Strict", "Warn"];

    private static readonly string[] PropagationPolicies = ["Foreground", "Background", "Orphan", "nil"];

    /// <summary>Validates a create's or update's query options (<paramref name="optionsKind"/> is CreateOptions or
    /// UpdateOptions) and answers whether it is a dry run.</summary>
    private static bool CheckWriteOptions(HttpContext context, string optionsKind)
    {
        var errors = new FieldErrorList();
        ValidateCommonOptions(context, errors);
        ThrowIfInvalidOptions(optionsKind, errors);
        return context.Request.Query["dryRun"].Count > 0;
    }

    /// <summary>Validates a patch's query options (upstream's ValidatePatchOptions: force only for apply, apply
    /// needs a fieldManager) and answers whether it is a dry run.</summary>
    private static bool CheckPatchOptions(HttpContext context, PatchType patchType)
    {
        var errors = new FieldErrorList();
        if (patchType != PatchType.ApplyYaml)
        {
            if (context.Request.Query.ContainsKey("force"))
            {
                errors.Add(FieldError.Forbidden(FieldPath.Root("force"), "may not be specified for non-apply patch"));
            }
        }
        else if (Query(context, "fieldManager").Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Root("fieldManager"), "is required for apply patch"));
        }
        ValidateCommonOptions(context, errors);
        ThrowIfInvalidOptions("PatchOptions", errors);
        return context.Request.Query["dryRun"].Count > 0;
    }

    /// <summary>The force query parameter as upstream decodes a bool: present and not "0" or "false".</summary>
    private static bool Force(HttpContext context)
        => context.Request.Query.TryGetValue("force", out var values)
            && !(values.Count > 0 && (values[0] == "0" || string.Equals(values[0], "false", StringComparison.OrdinalIgnoreCase)));

    /// <summary>upstream's ValidateDeleteOptions on decoded options.</summary>
    private static void CheckDeleteOptions(DeleteOptions options)
    {
        var errors = new FieldErrorList();
        if (options.OrphanDependents is not null && options.PropagationPolicy is not null)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("propagationPolicy"), options.PropagationPolicy, "orphanDependents and deletionPropagation cannot be both set"));
        }
        if (options.PropagationPolicy is { } policy && policy is not ("Foreground" or "Background" or "Orphan"))
        {
            errors.Add(FieldError.NotSupported(FieldPath.Root("propagationPolicy"), policy, PropagationPolicies));
        }
        ValidateDryRun(options.DryRun ?? [], errors);
        ThrowIfInvalidOptions("DeleteOptions", errors);
    }

    private static void ValidateCommonOptions(HttpContext context, FieldErrorList errors)
    {
        ValidateFieldManager(Query(context, "fieldManager"), errors);
        var dryRun = context.Request.Query["dryRun"];
        if (dryRun.Count != 0)
        {
            ValidateDryRun([.. dryRun.Select(v => v ?? "")], errors);
        }
        if (context.Request.Query.TryGetValue("fieldValidation", out var fieldValidation))
        {
            var value = fieldValidation.Count > 0 ? fieldValidation[0] ?? "" : "";
            if (!FieldValidationValues.Contains(value))
            {
                errors.Add(FieldError.NotSupported(FieldPath.Root("fieldValidation"), value, FieldValidationValues));
            }
        }
    }

    /// <summary>upstream's ValidateFieldManager: at most 128 bytes, every character printable (the position is the
    /// character's byte offset, as Go ranges over a string).</summary>
    private static void ValidateFieldManager(string fieldManager, FieldErrorList errors)
    {
        if (fieldManager.Length <= FieldManagerMaxLength && !fieldManager.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            return; // printable ASCII within the limit (every client's manager name): nothing to report
        }

        var path = FieldPath.Root("fieldManager");
        if (Encoding.UTF8.GetByteCount(fieldManager) > FieldManagerMaxLength)
        {
            errors.Add(FieldError.TooLong(path, fieldManager, FieldManagerMaxLength));
        }
        var offset = 0;
        foreach (var rune in fieldManager.EnumerateRunes())
        {
            if (!IsGoPrintable(rune))
            {
                errors.Add(FieldError.Invalid(path, fieldManager,
                    string.Create(CultureInfo.InvariantCulture, $"invalid character U+{rune.Value:X4} (at position {offset})")));
            }
            offset += rune.Utf8SequenceLength;
        }
    }

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsGoPrintable(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation
                or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol => true,
            _ => false,
        };
    }

    /// <summary>upstream's ValidateDryRun: every value must be "All"; the bad value is the whole list.</summary>
    private static void ValidateDryRun(IReadOnlyList<string> dryRun, FieldErrorList errors)
    {
        if (dryRun.Any(v => v != "All"))
        {
            errors.Add(FieldError.NotSupported(FieldPath.Root("dryRun"), new GoStringSlice(dryRun), DryRunValues));
        }
    }

    private static void ThrowIfInvalidOptions(string optionsKind, FieldErrorList errors)
    {
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(new GroupKindName("meta.k8s.io", optionsKind, ""), errors);
        }
    }
}
