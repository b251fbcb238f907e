using System.Text;

namespace KubeSharp.Api.Validation;

/// <summary>
/// Upstream's string-format validators (<c>k8s.io/apimachinery/pkg/util/validation</c>). Each check
/// returns the list of failure messages, worded exactly as upstream's; an empty list means valid.
/// </summary>
/// <remarks>
/// Lengths are measured in UTF-8 bytes, as Go's <c>len</c> does. The functions are pure and
/// thread-safe. Messages follow Kubernetes 1.34 (<c>must be no more than 63 characters</c>,
/// <c>a qualified name must consist of ...</c>).
/// </remarks>
public static class ValueValidation
{
    /// <summary>Max length of a DNS-1123 label.</summary>
    public const int DNS1123LabelMaxLength = 63;

    /// <summary>Max length of a DNS-1123 subdomain.</summary>
    public const int DNS1123SubdomainMaxLength = 253;

    /// <summary>Max length of a DNS-1035 label.</summary>
    public const int DNS1035LabelMaxLength = 63;

    /// <summary>Max length of a label value.</summary>
    public const int LabelValueMaxLength = 63;

    /// <summary>Max length of the name part of a qualified name.</summary>
    public const int QualifiedNameMaxLength = 63;

    internal const string QualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    internal const string QualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    internal const string LabelValueFmt = "(" + QualifiedNameFmt + ")?";
    internal const string LabelValueErrMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    internal const string DNS1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    internal const string DNS1123LabelErrMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    internal const string DNS1123SubdomainFmt = DNS1123LabelFmt + "(\\." + DNS1123LabelFmt + ")*";
    internal const string DNS1123SubdomainErrMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    internal const string DNS1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
    internal const string DNS1035LabelErrMsg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    internal const string WildcardDNS1123SubdomainFmt = "\\*\\." + DNS1123SubdomainFmt;
    internal const string WildcardDNS1123SubdomainErrMsg = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
    internal const string CIdentifierFmt = "[A-Za-z_][A-Za-z0-9_]*";
    internal const string CIdentifierErrMsg = "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'";
    internal const string PercentFmt = "[0-9]+%";
    internal const string PercentErrMsg = "a valid percent string must be a numeric string followed by an ending '%'";
    internal const string HttpHeaderNameFmt = "[-A-Za-z0-9]+";
    internal const string HttpHeaderNameErrMsg = "a valid HTTP header must consist of alphanumeric characters or '-'";
    internal const string EnvVarNameFmt = "[-._a-zA-Z][-._a-zA-Z0-9]*";
    internal const string EnvVarNameErrMsg = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
    internal const string ConfigMapKeyFmt = "[-._a-zA-Z0-9]+";
    internal const string ConfigMapKeyErrMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

    /// <summary>
    /// A "qualified name" (label and annotation keys, finalizers): an optional DNS-1123 subdomain prefix
    /// and '/', then a name of at most 63 characters matching <c>([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]</c>.
    /// </summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsValidQualifiedName(value))
        {
            return [];
        }

        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                {
                    errors.Add("prefix part " + ValidationMessages.EmptyError());
                }
                else
                {
                    foreach (var message in IsDNS1123Subdomain(prefix))
                    {
                        errors.Add("prefix part " + message);
                    }
                }

                break;
            default:
                errors.Add("a qualified name " + ValidationMessages.RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }

        if (name.Length == 0)
        {
            errors.Add("name part " + ValidationMessages.EmptyError());
        }
        else if (ByteLength(name) > QualifiedNameMaxLength)
        {
            errors.Add("name part " + ValidationMessages.MaxLenError(QualifiedNameMaxLength));
        }

        if (!MatchesQualifiedNamePart(name))
        {
            errors.Add("name part " + ValidationMessages.RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc"));
        }

        return errors;
    }

    /// <summary>A label value: empty, or at most 63 characters matching <c>(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?</c>.</summary>
    public static IReadOnlyList<string> IsValidLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= LabelValueMaxLength && IsLabelValueSyntax(value))
        {
            return []; // valid: ASCII only, so the UTF-8 length is the length
        }

        var errors = new List<string>();
        if (ByteLength(value) > LabelValueMaxLength)
        {
            errors.Add(ValidationMessages.MaxLenError(LabelValueMaxLength));
        }

        if (!IsLabelValueSyntax(value))
        {
            errors.Add(ValidationMessages.RegexError(LabelValueErrMsg, LabelValueFmt, "MyValue", "my_value", "12345"));
        }

        return errors;
    }

    /// <summary>
    /// An RFC 1123 label (most object names): at most 63 lower-case alphanumerics or '-', starting and
    /// ending alphanumeric. A valid subdomain that is not a label gets <c>must not contain dots</c>.
    /// </summary>
    public static IReadOnlyList<string> IsDNS1123Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= DNS1123LabelMaxLength && MatchesDNS1123Label(value))
        {
            return []; // valid: ASCII only, so the UTF-8 length is the length
        }

        var errors = new List<string>();
        if (ByteLength(value) > DNS1123LabelMaxLength)
        {
            errors.Add(ValidationMessages.MaxLenError(DNS1123LabelMaxLength));
        }

        if (!MatchesDNS1123Label(value))
        {
            errors.Add(MatchesDNS1123Subdomain(value)
                ? "must not contain dots"
                : ValidationMessages.RegexError(DNS1123LabelErrMsg, DNS1123LabelFmt, "my-name", "123-abc"));
        }

        return errors;
    }

    /// <summary>An RFC 1123 subdomain: at most 253 characters, dot-separated RFC 1123 labels.</summary>
    public static IReadOnlyList<string> IsDNS1123Subdomain(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= DNS1123SubdomainMaxLength && MatchesDNS1123Subdomain(value))
        {
            return []; // valid: ASCII only, so the UTF-8 length is the length
        }

        var errors = new List<string>();
        if (ByteLength(value) > DNS1123SubdomainMaxLength)
        {
            errors.Add(ValidationMessages.MaxLenError(DNS1123SubdomainMaxLength));
        }

        if (!MatchesDNS1123Subdomain(value))
        {
            errors.Add(ValidationMessages.RegexError(DNS1123SubdomainErrMsg, DNS1123SubdomainFmt, "example.com"));
        }

        return errors;
    }

    /// <summary>An RFC 1035 label (for example Service names): like an RFC 1123 label but starting with a letter.</summary>
    public static IReadOnlyList<string> IsDNS1035Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= DNS1035LabelMaxLength && MatchesDNS1123Label(value) && IsLowerAlpha(value[0]))
        {
            return []; // valid: ASCII only, so the UTF-8 length is the length
        }

        var errors = new List<string>();
        if (ByteLength(value) > DNS1035LabelMaxLength)
        {
            errors.Add(ValidationMessages.MaxLenError(DNS1035LabelMaxLength));
        }

        if (!MatchesDNS1123Label(value) || !IsLowerAlpha(value[0]))
        {
            errors.Add(ValidationMessages.RegexError(DNS1035LabelErrMsg, DNS1035LabelFmt, "my-name", "abc-123"));
        }

        return errors;
    }

    /// <summary>A wildcard subdomain (RFC 1034 4.3.3): <c>*.</c> followed by an RFC 1123 subdomain.</summary>
    public static IReadOnlyList<string> IsWildcardDNS1123Subdomain(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (ByteLength(value) > DNS1123SubdomainMaxLength)
        {
            errors.Add(ValidationMessages.MaxLenError(DNS1123SubdomainMaxLength));
        }

        if (!value.StartsWith("*.", StringComparison.Ordinal) || !MatchesDNS1123Subdomain(value.AsSpan(2)))
        {
            errors.Add(ValidationMessages.RegexError(WildcardDNS1123SubdomainErrMsg, WildcardDNS1123SubdomainFmt, "*.example.com"));
        }

        return errors;
    }

    /// <summary>A C identifier, <c>[A-Za-z_][A-Za-z0-9_]*</c> (format only, no length limit).</summary>
    public static IReadOnlyList<string> IsCIdentifier(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var ok = value.Length > 0 && (IsAsciiLetter(value[0]) || value[0] == '_');
        for (var i = 1; ok && i < value.Length; i++)
        {
            ok = IsAsciiLetterOrDigit(value[i]) || value[i] == '_';
        }

        return ok ? [] : [ValidationMessages.RegexError(CIdentifierErrMsg, CIdentifierFmt, "my_name", "MY_NAME", "MyName")];
    }

    /// <summary>A non-zero port number: 1 to 65535.</summary>
    public static IReadOnlyList<string> IsValidPortNum(int port) =>
        port is >= 1 and <= 65535 ? [] : [ValidationMessages.InclusiveRangeError(1, 65535)];

    /// <summary>A value within the inclusive range [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static IReadOnlyList<string> IsInRange(int value, int min, int max) =>
        value >= min && value <= max ? [] : [ValidationMessages.InclusiveRangeError(min, max)];

    /// <summary>
    /// An IANA service (port) name: at most 15 characters of <c>[-a-z0-9]</c>, at least one letter,
    /// no leading, trailing or consecutive hyphens.
    /// </summary>
    public static IReadOnlyList<string> IsValidPortName(string port)
    {
        ArgumentNullException.ThrowIfNull(port);
        var errors = new List<string>();
        if (ByteLength(port) > 15)
        {
            errors.Add(ValidationMessages.MaxLenError(15));
        }

        var charsetOk = port.Length > 0;
        var hasLetter = false;
        foreach (var c in port)
        {
            charsetOk &= IsLowerAlpha(c) || IsDigit(c) || c == '-';
            hasLetter |= IsLowerAlpha(c);
        }

        if (!charsetOk)
        {
            errors.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!hasLetter)
        {
            errors.Add("must contain at least one letter (a-z)");
        }

        if (port.Contains("--", StringComparison.Ordinal))
        {
            errors.Add("must not contain consecutive hyphens");
        }

        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-'))
        {
            errors.Add("must not begin or end with a hyphen");
        }

        return errors;
    }

    /// <summary>A percentage string, <c>[0-9]+%</c>.</summary>
    public static IReadOnlyList<string> IsValidPercent(string percent)
    {
        ArgumentNullException.ThrowIfNull(percent);
        var ok = percent.Length >= 2 && percent[^1] == '%';
        for (var i = 0; ok && i < percent.Length - 1; i++)
        {
            ok = IsDigit(percent[i]);
        }

        return ok ? [] : [ValidationMessages.RegexError(PercentErrMsg, PercentFmt, "1%", "93%")];
    }

    /// <summary>An HTTP header name as Go's HTTP library accepts it: <c>[-A-Za-z0-9]+</c>.</summary>
    public static IReadOnlyList<string> IsHTTPHeaderName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var ok = value.Length > 0;
        foreach (var c in value)
        {
            ok &= IsAsciiLetterOrDigit(c) || c == '-';
        }

        return ok ? [] : [ValidationMessages.RegexError(HttpHeaderNameErrMsg, HttpHeaderNameFmt, "X-Header-Name")];
    }

    /// <summary>
    /// An environment variable name, <c>[-._a-zA-Z][-._a-zA-Z0-9]*</c>, that is not <c>.</c>, <c>..</c>
    /// and does not start with <c>..</c>.
    /// </summary>
    public static IReadOnlyList<string> IsEnvVarName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        var ok = value.Length > 0 && (IsAsciiLetter(value[0]) || value[0] is '-' or '.' or '_');
        for (var i = 1; ok && i < value.Length; i++)
        {
            ok = IsAsciiLetterOrDigit(value[i]) || value[i] is '-' or '.' or '_';
        }

        if (!ok)
        {
            errors.Add(ValidationMessages.RegexError(EnvVarNameErrMsg, EnvVarNameFmt, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
        }

        AddChDirPrefixErrors(value, errors);
        return errors;
    }

    /// <summary>
    /// A ConfigMap or Secret key: at most 253 characters of <c>[-._a-zA-Z0-9]</c>, not <c>.</c> or
    /// <c>..</c>, not starting with <c>..</c>.
    /// </summary>
    public static IReadOnlyList<string> IsConfigMapKey(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (ByteLength(value) > DNS1123SubdomainMaxLength)
        {
            errors.Add(ValidationMessages.MaxLenError(DNS1123SubdomainMaxLength));
        }

        var ok = value.Length > 0;
        foreach (var c in value)
        {
            ok &= IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_';
        }

        if (!ok)
        {
            errors.Add(ValidationMessages.RegexError(ConfigMapKeyErrMsg, ConfigMapKeyFmt, "key.name", "KEY_NAME", "key-name"));
        }

        AddChDirPrefixErrors(value, errors);
        return errors;
    }

    /// <summary>
    /// A fully qualified name (deprecated upstream in favour of <see cref="IsFullyQualifiedDomainName"/>):
    /// a DNS-1123 subdomain with at least three dot-separated segments and no trailing dot.
    /// </summary>
    public static FieldErrorList IsFullyQualifiedName(FieldPath? path, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var errors = new FieldErrorList();
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(path, string.Empty));
            return errors;
        }

        var subdomainErrors = IsDNS1123Subdomain(name);
        if (subdomainErrors.Count > 0)
        {
            errors.Add(FieldError.Invalid(path, name, string.Join(",", subdomainErrors)));
            return errors;
        }

        if (name.Split('.').Length < 3)
        {
            errors.Add(FieldError.Invalid(path, name, "should be a domain with at least three segments separated by dots"));
        }

        return errors;
    }

    /// <summary>
    /// A fully qualified domain name: an optional trailing dot, then a DNS-1123 subdomain with at least
    /// two segments, each an RFC 1123 label.
    /// </summary>
    public static FieldErrorList IsFullyQualifiedDomainName(FieldPath? path, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var errors = new FieldErrorList();
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(path, string.Empty));
            return errors;
        }

        if (name.EndsWith('.'))
        {
            name = name[..^1];
        }

        var subdomainErrors = IsDNS1123Subdomain(name);
        if (subdomainErrors.Count > 0)
        {
            errors.Add(FieldError.Invalid(path, name, string.Join(",", subdomainErrors)));
            return errors;
        }

        var segments = name.Split('.');
        if (segments.Length < 2)
        {
            errors.Add(FieldError.Invalid(path, name, "should be a domain with at least two segments separated by dots"));
            return errors;
        }

        foreach (var label in segments)
        {
            var labelErrors = IsDNS1123Label(label);
            if (labelErrors.Count > 0)
            {
                errors.Add(FieldError.Invalid(path, label, string.Join(",", labelErrors)));
                return errors;
            }
        }

        return errors;
    }

    /// <summary>
    /// An IP address as upstream accepts it (<c>netutils.ParseIPSloppy</c>: IPv4, IPv6, IPv4-mapped
    /// IPv6, and IPv4 octets with leading zeros; no zones).
    /// </summary>
    public static FieldErrorList IsValidIP(FieldPath? path, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new FieldErrorList();
        if (!GoIP.IsValidIPSloppy(value))
        {
            errors.Add(FieldError.Invalid(path, value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
        }

        return errors;
    }

    /// <summary>An IPv4 address (or IPv4-mapped IPv6 address), sloppy parsing as <see cref="IsValidIP"/>.</summary>
    public static FieldErrorList IsValidIPv4Address(FieldPath? path, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new FieldErrorList();
        if (!GoIP.TryParseIPSloppy(value, out var ip) || !GoIP.IsIPv4(ip))
        {
            errors.Add(FieldError.Invalid(path, value, "must be a valid IPv4 address"));
        }

        return errors;
    }

    /// <summary>An IPv6 address that is not an IPv4(-mapped) address.</summary>
    public static FieldErrorList IsValidIPv6Address(FieldPath? path, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new FieldErrorList();
        if (!GoIP.TryParseIPSloppy(value, out var ip) || GoIP.IsIPv4(ip))
        {
            errors.Add(FieldError.Invalid(path, value, "must be a valid IPv6 address"));
        }

        return errors;
    }

    /// <summary>A CIDR value as upstream accepts it (<c>netutils.ParseCIDRSloppy</c>).</summary>
    public static FieldErrorList IsValidCIDR(FieldPath? path, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new FieldErrorList();
        if (!GoIP.TryParseCIDRSloppy(value))
        {
            errors.Add(FieldError.Invalid(path, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
        }

        return errors;
    }

    internal static int ByteLength(string value) => Encoding.UTF8.GetByteCount(value);

    /// <summary>The allocation-free check that <see cref="IsQualifiedName"/> has nothing to report: an optional
    /// non-empty DNS-1123 subdomain prefix and '/', then a valid name part (all ASCII, so lengths are UTF-8 lengths).</summary>
    private static bool IsValidQualifiedName(ReadOnlySpan<char> value)
    {
        var slash = value.IndexOf('/');
        if (slash < 0)
        {
            return value.Length <= QualifiedNameMaxLength && MatchesQualifiedNamePart(value);
        }

        var prefix = value[..slash];
        var name = value[(slash + 1)..];
        return !name.Contains('/')
            && prefix.Length <= DNS1123SubdomainMaxLength && MatchesDNS1123Subdomain(prefix)
            && name.Length <= QualifiedNameMaxLength && MatchesQualifiedNamePart(name);
    }

    internal static bool MatchesQualifiedNamePart(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !IsAsciiLetterOrDigit(name[0]) || !IsAsciiLetterOrDigit(name[^1]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsLabelValueSyntax(ReadOnlySpan<char> value) =>
        value.IsEmpty || MatchesQualifiedNamePart(value);

    internal static bool MatchesDNS1123Label(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || !IsLowerAlphaNum(value[0]) || !IsLowerAlphaNum(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsLowerAlphaNum(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    internal static bool MatchesDNS1123Subdomain(ReadOnlySpan<char> value)
    {
        while (true)
        {
            var dot = value.IndexOf('.');
            var label = dot < 0 ? value : value[..dot];
            if (!MatchesDNS1123Label(label))
            {
                return false;
            }

            if (dot < 0)
            {
                return true;
            }

            value = value[(dot + 1)..];
        }
    }

    private static void AddChDirPrefixErrors(string value, List<string> errors)
    {
        if (value == ".")
        {
            errors.Add("must not be '.'");
        }
        else if (value == "..")
        {
            errors.Add("must not be '..'");
        }
        else if (value.StartsWith("..", StringComparison.Ordinal))
        {
            errors.Add("must not start with '..'");
        }
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsLowerAlpha(char c) => c is >= 'a' and <= 'z';

    private static bool IsLowerAlphaNum(char c) => IsLowerAlpha(c) || IsDigit(c);

    private static bool IsAsciiLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    private static bool IsAsciiLetterOrDigit(char c) => IsAsciiLetter(c) || IsDigit(c);
}
