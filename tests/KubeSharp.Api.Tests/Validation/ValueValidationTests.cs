using KubeSharp.Api.Validation;

namespace KubeSharp.Api.Tests.Validation;

public class ValueValidationTests
{
    private const string Dns1123LabelRegexError = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string Dns1123SubdomainRegexError = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string Dns1035RegexError = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    private const string NamePartRegexError = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private const string LabelValueRegexError = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    public static TheoryData<string, string, string[]> Dns1123LabelCases => new()
    {
        { "Simple", "a", [] },
        { "DigitsAndDash", "0-a-b", [] },
        { "MaxLength", new string('a', 63), [] },
        { "Empty", "", [Dns1123LabelRegexError] },
        { "Uppercase", "A", [Dns1123LabelRegexError] },
        { "LeadingDash", "-a", [Dns1123LabelRegexError] },
        { "TrailingDash", "a-", [Dns1123LabelRegexError] },
        { "Underscore", "a_b", [Dns1123LabelRegexError] },
        { "DotsInValidSubdomain", "a.b", ["must not contain dots"] },
        { "TrailingNewline", "abc\n", [Dns1123LabelRegexError] },
        { "TooLong", new string('a', 64), ["must be no more than 63 characters"] },
    };

    public static TheoryData<string, string, string[]> Dns1123SubdomainCases => new()
    {
        { "Simple", "example.com", [] },
        { "ManyLabels", "a.b.c.d-e", [] },
        { "MaxLength", new string('a', 253), [] },
        { "Empty", "", [Dns1123SubdomainRegexError] },
        { "UppercaseName", "Foo", [Dns1123SubdomainRegexError] },
        { "DoubleDot", "a..b", [Dns1123SubdomainRegexError] },
        { "TrailingDot", "a.", [Dns1123SubdomainRegexError] },
        { "LabelEndsWithDash", "a-.b", [Dns1123SubdomainRegexError] },
        { "TooLongAndInvalid", new string('A', 254), ["must be no more than 253 characters", Dns1123SubdomainRegexError] },
    };

    public static TheoryData<string, string, string[]> Dns1035LabelCases => new()
    {
        { "Simple", "a-1", [] },
        { "LeadingDigit", "1a", [Dns1035RegexError] },
        { "Dot", "a.b", [Dns1035RegexError] },
        { "TooLong", new string('a', 64), ["must be no more than 63 characters"] },
        { "MaxLength", new string('a', 63), [] },
        { "NonAscii", "\u00e9", [Dns1035RegexError] },
    };

    public static TheoryData<string, string, string[]> QualifiedNameCases => new()
    {
        { "Simple", "simple", [] },
        { "MixedCase", "now-with-dashes.AND_underscores", [] },
        { "Prefixed", "example.com/Name", [] },
        { "PrefixedMaxName", "1.2.3.4/" + new string('a', 63), [] },
        { "Empty", "", ["name part must be non-empty", NamePartRegexError] },
        { "EmptyPrefix", "/a", ["prefix part must be non-empty"] },
        { "UppercasePrefix", "Example.com/a", ["prefix part " + Dns1123SubdomainRegexError] },
        { "EmptyName", "a/", ["name part must be non-empty", NamePartRegexError] },
        { "TwoSlashes", "a/b/c", ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"] },
        { "NameTooLong", new string('a', 64), ["name part must be no more than 63 characters"] },
        { "Space", "a b", [NamePartRegexError] },
        { "PrefixTooLong", new string('a', 254) + "/a", ["prefix part must be no more than 253 characters"] },
        { "PrefixMaxLength", new string('a', 253) + "/a", [] },
        { "NonAsciiName", "caf\u00e9", [NamePartRegexError] },
        { "NonAsciiPrefix", "\u00e9.com/a", ["prefix part " + Dns1123SubdomainRegexError] },
        { "TwoSlashesEmptyName", "a//", ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"] },
    };

    public static TheoryData<string, string, string[]> LabelValueCases => new()
    {
        { "Empty", "", [] },
        { "Simple", "simple", [] },
        { "Mixed", "1.2-3_4", [] },
        { "LeadingDot", ".a", [LabelValueRegexError] },
        { "Slash", "a/b", [LabelValueRegexError] },
        { "TooLong", new string('a', 64), ["must be no more than 63 characters"] },
        { "NonAsciiCountsBytes", new string('é', 32), ["must be no more than 63 characters", LabelValueRegexError] },
    };

    [Theory]
    [MemberData(nameof(Dns1123LabelCases))]
    public void IsDNS1123Label_Table(string name, string value, string[] expected) =>
        ValueValidation.IsDNS1123Label(value).ShouldBe(expected, name);

    [Theory]
    [MemberData(nameof(Dns1123SubdomainCases))]
    public void IsDNS1123Subdomain_Table(string name, string value, string[] expected) =>
        ValueValidation.IsDNS1123Subdomain(value).ShouldBe(expected, name);

    [Theory]
    [MemberData(nameof(Dns1035LabelCases))]
    public void IsDNS1035Label_Table(string name, string value, string[] expected) =>
        ValueValidation.IsDNS1035Label(value).ShouldBe(expected, name);

    [Theory]
    [MemberData(nameof(QualifiedNameCases))]
    public void IsQualifiedName_Table(string name, string value, string[] expected) =>
        ValueValidation.IsQualifiedName(value).ShouldBe(expected, name);

    [Theory]
    [MemberData(nameof(LabelValueCases))]
    public void IsValidLabelValue_Table(string name, string value, string[] expected) =>
        ValueValidation.IsValidLabelValue(value).ShouldBe(expected, name);

    [Theory]
    [InlineData("*.example.com", true)]
    [InlineData("*.a", true)]
    [InlineData("*", false)]
    [InlineData("*.*.example.com", false)]
    [InlineData("f*.example.com", false)]
    [InlineData("example.com", false)]
    public void IsWildcardDNS1123Subdomain_AcceptsOnlyLeadingWildcard(string value, bool valid)
    {
        var errors = ValueValidation.IsWildcardDNS1123Subdomain(value);
        if (valid)
        {
            errors.ShouldBeEmpty();
        }
        else
        {
            errors.ShouldBe(["a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]);
        }
    }

    [Theory]
    [InlineData("_", true)]
    [InlineData("a_B9", true)]
    [InlineData("9a", false)]
    [InlineData("a-b", false)]
    [InlineData("", false)]
    public void IsCIdentifier_Table(string value, bool valid) =>
        ValueValidation.IsCIdentifier(value).Count.ShouldBe(valid ? 0 : 1);

    [Theory]
    [InlineData(1, true)]
    [InlineData(65535, true)]
    [InlineData(0, false)]
    [InlineData(65536, false)]
    [InlineData(-1, false)]
    public void IsValidPortNum_Table(int port, bool valid) =>
        ValueValidation.IsValidPortNum(port).ShouldBe(valid ? [] : ["must be between 1 and 65535, inclusive"]);

    [Theory]
    [InlineData("http", new string[0])]
    [InlineData("a1-b2", new string[0])]
    [InlineData("1234", new[] { "must contain at least one letter (a-z)" })]
    [InlineData("a--b", new[] { "must not contain consecutive hyphens" })]
    [InlineData("-ab", new[] { "must not begin or end with a hyphen" })]
    [InlineData("Http", new[] { "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)" })]
    [InlineData("abcdefghijklmnop", new[] { "must be no more than 15 characters" })]
    [InlineData("", new[] { "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)", "must contain at least one letter (a-z)" })]
    public void IsValidPortName_Table(string port, string[] expected) =>
        ValueValidation.IsValidPortName(port).ShouldBe(expected);

    [Theory]
    [InlineData("X-Header-Name", true)]
    [InlineData("x_header", false)]
    [InlineData("", false)]
    public void IsHTTPHeaderName_Table(string value, bool valid) =>
        ValueValidation.IsHTTPHeaderName(value).ShouldBe(valid ? [] : ["a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')"]);

    [Theory]
    [InlineData("key.name", new string[0])]
    [InlineData("KEY_NAME-1", new string[0])]
    [InlineData(".", new[] { "must not be '.'" })]
    [InlineData("..", new[] { "must not be '..'" })]
    [InlineData("..a", new[] { "must not start with '..'" })]
    [InlineData("a/b", new[] { "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')" })]
    public void IsConfigMapKey_Table(string value, string[] expected) =>
        ValueValidation.IsConfigMapKey(value).ShouldBe(expected);

    [Theory]
    [InlineData("1.2.3.4", true)]
    [InlineData("001.002.003.004", true)]
    [InlineData("::1", true)]
    [InlineData("2001:db8::ffff", true)]
    [InlineData("::ffff:1.2.3.4", true)]
    [InlineData("1.2.3", false)]
    [InlineData("1.2.3.256", false)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("1:2:3:4:5:6:7:8:9", false)]
    [InlineData("", false)]
    public void IsValidIP_AcceptsWhatGoParseIPSloppyAccepts(string value, bool valid)
    {
        var errors = ValueValidation.IsValidIP(FieldPath.Root("spec").Child("clusterIP"), value);
        if (valid)
        {
            errors.ShouldBeEmpty();
        }
        else
        {
            errors.Single().ToString().ShouldBe($"spec.clusterIP: Invalid value: \"{value}\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
        }
    }

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("010.000.000.000/08", true)]
    [InlineData("2001:db8::/64", true)]
    [InlineData("::ffff:1.2.3.4/120", true)]
    [InlineData("1.2.3.4/33", false)]
    [InlineData("1.2.3.4", false)]
    [InlineData("2001:db8::/129", false)]
    public void IsValidCIDR_Table(string value, bool valid) =>
        ValueValidation.IsValidCIDR(null, value).Count.ShouldBe(valid ? 0 : 1);

    [Theory]
    [InlineData("a.b.c", "")]
    [InlineData("", "<nil>: Required value")]
    [InlineData("a.b", "<nil>: Invalid value: \"a.b\": should be a domain with at least three segments separated by dots")]
    [InlineData("A.b.c", "<nil>: Invalid value: \"A.b.c\": " + Dns1123SubdomainRegexError)]
    public void IsFullyQualifiedName_Table(string value, string expected) =>
        string.Join("; ", ValueValidation.IsFullyQualifiedName(null, value)).ShouldBe(expected);
}
