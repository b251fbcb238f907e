using System.Globalization;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Errors;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>
/// The query parameters of list and watch (upstream's metav1.ListOptions) and upstream's rules on how they combine
/// (apimachinery's ValidateListOptions, with the WatchList feature on as in v1.32): a bad combination is a 422
/// <c>ListOptions.meta.k8s.io "" is invalid</c>.
/// </summary>
public sealed record ListOptions
{
    public const string Exact = "Exact";
    public const string NotOlderThan = "NotOlderThan";

    public bool Watch { get; init; }

    public string ResourceVersion { get; init; } = "";

    public string ResourceVersionMatch { get; init; } = "";

    public string Continue { get; init; } = "";

    public long Limit { get; init; }

    /// <summary>Null when not given (upstream's *bool).</summary>
    public bool? SendInitialEvents { get; init; }

    public bool AllowWatchBookmarks { get; init; }

    /// <summary>timeoutSeconds, or null.</summary>
    public long? TimeoutSeconds { get; init; }

    public static ListOptions Parse(HttpContext context, bool watch)
    {
        var query = context.Request.Query;
        return new ListOptions
        {
            Watch = watch,
            ResourceVersion = query["resourceVersion"].ToString(),
            ResourceVersionMatch = query["resourceVersionMatch"].ToString(),
            Continue = query["continue"].ToString(),
            Limit = ParseInt(query["limit"].ToString(), "limit") ?? 0,
            SendInitialEvents = ParseBool(query["sendInitialEvents"].ToString(), "sendInitialEvents"),
            AllowWatchBookmarks = ParseBool(query["allowWatchBookmarks"].ToString(), "allowWatchBookmarks") ?? false,
            TimeoutSeconds = ParseInt(query["timeoutSeconds"].ToString(), "timeoutSeconds"),
        };
    }

    /// <summary>Upstream's ValidateListOptions: the errors of a bad combination (empty when valid).</summary>
    public FieldErrorList Validate()
    {
        var errors = new FieldErrorList();
        var match = FieldPath.Root("resourceVersionMatch");
        if (Watch)
        {
            if (SendInitialEvents is not null && ResourceVersionMatch != NotOlderThan)
            {
                errors.Add(FieldError.Forbidden(match, $"sendInitialEvents requires setting resourceVersionMatch to {NotOlderThan}"));
            }
            if (ResourceVersionMatch.Length > 0)
            {
                if (SendInitialEvents is null)
                {
                    errors.Add(FieldError.Forbidden(match, "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
                }
                if (ResourceVersionMatch != NotOlderThan)
                {
                    errors.Add(FieldError.NotSupported(match, ResourceVersionMatch, [NotOlderThan]));
                }
                if (Continue.Length > 0)
                {
                    errors.Add(FieldError.Forbidden(match, "resourceVersionMatch is forbidden when continue is provided"));
                }
            }
            return errors;
        }
        if (ResourceVersionMatch.Length > 0)
        {
            if (ResourceVersion.Length == 0)
            {
                errors.Add(FieldError.Forbidden(match, "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }
            if (Continue.Length > 0)
            {
                errors.Add(FieldError.Forbidden(match, "resourceVersionMatch is forbidden when continue is provided"));
            }
            if (ResourceVersionMatch is not (Exact or NotOlderThan))
            {
                errors.Add(FieldError.NotSupported(match, ResourceVersionMatch, [Exact, NotOlderThan, ""]));
            }
            if (ResourceVersionMatch == Exact && ResourceVersion == "0")
            {
                errors.Add(FieldError.Forbidden(match, "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
        }
        if (SendInitialEvents is not null)
        {
            errors.Add(FieldError.Forbidden(FieldPath.Root("sendInitialEvents"), "sendInitialEvents is forbidden for list"));
        }
        return errors;
    }

    /// <summary>Throws upstream's 422 when <see cref="Validate"/> finds errors.</summary>
    public ListOptions Validated()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(new GroupKindName("meta.k8s.io", "ListOptions", ""), errors);
        }
        return this;
    }

    /// <summary>Go's strconv.ParseBool, as upstream's query parameter conversion uses; null when absent.</summary>
    private static bool? ParseBool(string value, string name) => value switch
    {
        "" => null,
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => throw ApiErrors.BadRequest($"strconv.ParseBool: parsing \"{value}\": invalid syntax ({name})"),
    };

    private static long? ParseInt(string value, string name)
    {
        if (value.Length == 0)
        {
            return null;
        }
        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw ApiErrors.BadRequest($"strconv.ParseInt: parsing \"{value}\": invalid syntax ({name})");
    }
}
