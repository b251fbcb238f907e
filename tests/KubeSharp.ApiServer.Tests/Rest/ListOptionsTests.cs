using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Rest;

namespace KubeSharp.ApiServer.Tests.Rest;

/// <summary>Upstream's ValidateListOptions table (apimachinery validation_test.go) and continue token decoding.</summary>
public sealed class ListOptionsTests
{
    public static TheoryData<bool, string, string, string, bool?, string[]> Cases => new()
    {
        // watch, resourceVersion, resourceVersionMatch, continue, sendInitialEvents, expected errors
        { false, "", "", "", null, [] },
        { false, "5", "Exact", "", null, [] },
        { false, "5", "NotOlderThan", "", null, [] },
        { false, "", "Exact", "", null, ["resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided"] },
        { false, "5", "Exact", "tok", null, ["resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided"] },
        { false, "0", "Exact", "", null, ["resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""] },
        { false, "5", "Other", "", null, ["resourceVersionMatch: Unsupported value: \"Other\": supported values: \"Exact\", \"NotOlderThan\", \"\""] },
        { false, "", "", "", true, ["sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list"] },
        { true, "", "", "", null, [] },
        { true, "", "NotOlderThan", "", true, [] },
        { true, "", "NotOlderThan", "", false, [] },
        { true, "", "NotOlderThan", "", null, ["resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"] },
        { true, "", "", "", true, ["resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"] },
        {
            true, "", "Exact", "", true,
            [
                "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
                "resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\"",
            ]
        },
        { true, "", "NotOlderThan", "123", true, ["resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_MatchesUpstream(bool watch, string resourceVersion, string match, string continueToken, bool? sendInitialEvents, string[] expected)
    {
        var options = new ListOptions
        {
            Watch = watch,
            ResourceVersion = resourceVersion,
            ResourceVersionMatch = match,
            Continue = continueToken,
            SendInitialEvents = sendInitialEvents,
        };
        options.Validate().Select(e => e.ToString()).ShouldBe(expected);
        if (expected.Length > 0)
        {
            var error = Should.Throw<ApiStatusException>(() => options.Validated());
            error.Status.Code.ShouldBe(422);
            error.Status.Message.ShouldStartWith("ListOptions.meta.k8s.io \"\" is invalid: ");
        }
    }

    [Fact]
    public void ContinueToken_RoundTripsRelativeToThePrefix()
    {
        var token = ContinueToken.After(42, "/registry/configmaps/default/b", "/registry/configmaps/");
        token.StartKey.ShouldBe("default/b\0");
        var parsed = ContinueToken.Parse(token.Encode())!;
        parsed.ShouldBe(token);
        parsed.KeyUnder("/registry/configmaps/").ShouldBe("/registry/configmaps/default/b\0");
    }

    [Theory]
    [InlineData("%%%", "continue key is not valid: illegal base64 data")]
    [InlineData("eyJ2IjoibWV0YS5rOHMuaW8vdjIiLCJydiI6MSwic3RhcnQiOiJhIn0=", "continue key is not valid: server does not recognize this encoding")]
    [InlineData("eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiIifQ==", "continue key is not valid: encoded start key empty")]
    [InlineData("eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiIuLi9zZWNyZXRzL2EifQ==", "continue key is not valid: path traversal attempts are not allowed")]
    public void ContinueToken_Malformed_IsBadRequest(string token, string message)
    {
        var error = Should.Throw<ApiStatusException>(() => ContinueToken.Parse(token));
        error.Status.Code.ShouldBe(400);
        error.Status.Message.ShouldBe(message);
    }
}
