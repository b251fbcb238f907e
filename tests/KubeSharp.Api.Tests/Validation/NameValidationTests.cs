using KubeSharp.Api.Validation;

namespace KubeSharp.Api.Tests.Validation;

public class NameValidationTests
{
    private const string SubdomainError = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string LabelError = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    public static TheoryData<string, string, bool, string[]> SubdomainNameCases => new()
    {
        { "PlainName", "my-app", false, [] },
        { "DottedName", "my.app.v1", false, [] },
        { "UppercaseName", "Foo", false, [SubdomainError] },
        { "PrefixWithTrailingDash", "my-app-", true, [] },
        { "NameWithTrailingDash", "my-app-", false, [SubdomainError] },
        { "PrefixWithUppercase", "Foo-", true, [SubdomainError] },
        { "SingleDashPrefix", "-", true, [SubdomainError] },
    };

    public static TheoryData<string, string, bool, string[]> LabelNameCases => new()
    {
        { "Namespace", "kube-system", false, [] },
        { "NamespaceWithDot", "kube.system", false, ["must not contain dots"] },
        { "PrefixTrailingDash", "ns-", true, [] },
        { "TooLong", new string('a', 64), false, ["must be no more than 63 characters"] },
        { "Underscore", "a_b", false, [LabelError] },
    };

    public static TheoryData<string, string, bool, string[]> PathSegmentCases => new()
    {
        { "Plain", "foo", false, [] },
        { "Dot", ".", false, ["may not be '.'"] },
        { "DotDot", "..", false, ["may not be '..'"] },
        { "Slash", "a/b", false, ["may not contain '/'"] },
        { "Percent", "a%b", false, ["may not contain '%'"] },
        { "SlashAndPercent", "a/%b", false, ["may not contain '/'", "may not contain '%'"] },
        { "DotAsPrefix", ".", true, [] },
        { "SlashInPrefix", "a/", true, ["may not contain '/'"] },
    };

    [Theory]
    [MemberData(nameof(SubdomainNameCases))]
    public void NameIsDNSSubdomain_Table(string name, string value, bool prefix, string[] expected) =>
        NameValidation.NameIsDNSSubdomain(value, prefix).ShouldBe(expected, name);

    [Theory]
    [MemberData(nameof(LabelNameCases))]
    public void NameIsDNSLabel_Table(string name, string value, bool prefix, string[] expected) =>
        NameValidation.NameIsDNSLabel(value, prefix).ShouldBe(expected, name);

    [Theory]
    [MemberData(nameof(PathSegmentCases))]
    public void ValidatePathSegmentName_Table(string name, string value, bool prefix, string[] expected) =>
        NameValidation.ValidatePathSegmentName(value, prefix).ShouldBe(expected, name);

    [Theory]
    [InlineData("abc-", "aba")]
    [InlineData("ab-", "aa")]
    [InlineData("abc", "abc")]
    [InlineData("-", "-")]
    public void MaskTrailingDash_ReplacesLastTwoCharacters(string input, string expected) =>
        NameValidation.MaskTrailingDash(input).ShouldBe(expected);

    [Fact]
    public void NameIsDNS1035Label_ServiceNameStartingWithDigit_Fails() =>
        NameValidation.NameIsDNS1035Label("1svc", false).ShouldBe(["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]);
}
