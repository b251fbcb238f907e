using System.Net;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>
/// The write options as upstream's handlers check them (apimachinery's ValidateCreateOptions, ValidateUpdateOptions,
/// ValidatePatchOptions, ValidateDeleteOptions): dryRun, fieldManager, fieldValidation, force and propagationPolicy
/// values are a 422 Invalid on the options kind (CreateOptions.meta.k8s.io "" ...), before the body is looked at.
/// </summary>
public sealed class WriteOptionsValidationTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>, IDisposable
{
    private readonly HttpClient _http = server.CreateAdminHttpClient();

    public void Dispose() => _http.Dispose();

    private Task<(HttpStatusCode Code, string Text)> SendAsync(HttpMethod method, string path, string? json = null, string contentType = "application/json")
        => _http.SendTextAsync(method, path, json, contentType);

    /// <summary>upstream's NewInvalid(GroupKind{meta.k8s.io, kind}, "", errs) with one cause per error.</summary>
    private static string Invalid(string kind, params (string Reason, string Field, string Body)[] errors)
    {
        var aggregate = errors.Length == 1 ? errors[0].Field + ": " + errors[0].Body : "[" + string.Join(", ", errors.Select(e => e.Field + ": " + e.Body)) + "]";
        var causes = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["reason"] = e.Reason, ["message"] = e.Body, ["field"] = e.Field })]);
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = kind + ".meta.k8s.io \"\" is invalid: " + aggregate,
            ["reason"] = "Invalid",
            ["details"] = new JsonObject { ["group"] = "meta.k8s.io", ["kind"] = kind, ["causes"] = causes },
            ["code"] = 422,
        }.ToJsonString();
    }

    private static void ShouldBeJson(string actual, string expected)
        => JsonNode.DeepEquals(JsonNode.Parse(actual), JsonNode.Parse(expected)).ShouldBeTrue($"got {actual}\nwanted {expected}");

    private const string DryRunBody = "Unsupported value: []string{\"Some\"}: supported values: \"All\"";

    [Fact]
    public async Task UnsupportedDryRun_IsInvalidOptions_ForEveryVerb()
    {
        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"opt-dry"}}""")).Code.ShouldBe(HttpStatusCode.Created);

        var (code, text) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps?dryRun=Some", """{"metadata":{"name":"opt-dry2"}}""");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ShouldBeJson(text, Invalid("CreateOptions", ("FieldValueNotSupported", "dryRun", DryRunBody)));

        (code, text) = await SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/configmaps/opt-dry?dryRun=Some", """{"metadata":{"name":"opt-dry"}}""");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ShouldBeJson(text, Invalid("UpdateOptions", ("FieldValueNotSupported", "dryRun", DryRunBody)));

        (code, text) = await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/opt-dry?dryRun=Some", "{}", "application/merge-patch+json");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ShouldBeJson(text, Invalid("PatchOptions", ("FieldValueNotSupported", "dryRun", DryRunBody)));

        (code, text) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/opt-dry?dryRun=Some");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ShouldBeJson(text, Invalid("DeleteOptions", ("FieldValueNotSupported", "dryRun", DryRunBody)));

        (code, text) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/opt-dry", """{"dryRun":["All","Some"]}""");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ShouldBeJson(text, Invalid("DeleteOptions", ("FieldValueNotSupported", "dryRun", "Unsupported value: []string{\"All\", \"Some\"}: supported values: \"All\"")));

        // The subresources' options too: a binding is a create, a scale write an update.
        (code, text) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/opt-none/binding?dryRun=Some", """{"metadata":{"name":"opt-none"},"target":{"name":"n"}}""");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ShouldBeJson(text, Invalid("CreateOptions", ("FieldValueNotSupported", "dryRun", DryRunBody)));
        (code, text) = await SendAsync(HttpMethod.Put, "/apis/apps/v1/namespaces/default/deployments/opt-none/scale?dryRun=Some", """{"spec":{"replicas":1}}""");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ShouldBeJson(text, Invalid("UpdateOptions", ("FieldValueNotSupported", "dryRun", DryRunBody)));

        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/opt-dry")).Code.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/opt-dry2")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task FieldManager_TooLongOrNotPrintable_AndUnknownFieldValidation_AreInvalid()
    {
        var longName = new string('m', 129);
        var (code, text) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps?fieldManager=" + longName, """{"metadata":{"name":"opt-fm"}}""");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ShouldBeJson(text, Invalid("CreateOptions", ("FieldValueTooLong", "fieldManager", "Too long: must have at most 128 bytes")));

        // 128 bytes is fine.
        (code, text) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps?fieldManager=" + new string('m', 128), """{"metadata":{"name":"opt-fm"}}""");
        code.ShouldBe(HttpStatusCode.Created, text);

        // The position is the byte offset of the character (é takes two).
        (code, text) = await SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/configmaps/opt-fm?fieldManager=%C3%A9a%09b", """{"metadata":{"name":"opt-fm"}}""");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ShouldBeJson(text, Invalid("UpdateOptions", ("FieldValueInvalid", "fieldManager", "Invalid value: \"éa\\tb\": invalid character U+0009 (at position 3)")));

        (code, text) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps?fieldValidation=Loud&dryRun=Some", """{"metadata":{"name":"opt-fv"}}""");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ShouldBeJson(text, Invalid("CreateOptions",
            ("FieldValueNotSupported", "dryRun", DryRunBody),
            ("FieldValueNotSupported", "fieldValidation", "Unsupported value: \"Loud\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"")));
    }

    [Fact]
    public async Task PatchOptions_ForceOnlyForApply_AndApplyNeedsAFieldManager()
    {
        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"opt-patch"}}""")).Code.ShouldBe(HttpStatusCode.Created);

        var (code, text) = await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/opt-patch?force=false", "{}", "application/merge-patch+json");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ShouldBeJson(text, Invalid("PatchOptions", ("FieldValueForbidden", "force", "Forbidden: may not be specified for non-apply patch")));

        (code, text) = await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/opt-patch", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"opt-patch\"}}", "application/apply-patch+yaml");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ShouldBeJson(text, Invalid("PatchOptions", ("FieldValueRequired", "fieldManager", "Required value: is required for apply patch")));

        (code, text) = await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/opt-patch?fieldManager=me&force=true",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"opt-patch\"},\"data\":{\"a\":\"b\"}}", "application/apply-patch+yaml");
        code.ShouldBe(HttpStatusCode.OK, text);
    }

    [Fact]
    public async Task DeleteOptions_PropagationPolicy_MustBeKnown_AndNotBesideOrphanDependents()
    {
        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"opt-del"}}""")).Code.ShouldBe(HttpStatusCode.Created);

        var (code, text) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/opt-del", """{"propagationPolicy":"Sideways"}""");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ShouldBeJson(text, Invalid("DeleteOptions", ("FieldValueNotSupported", "propagationPolicy",
            "Unsupported value: \"Sideways\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")));

        (code, text) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/opt-del?propagationPolicy=Orphan&orphanDependents=true");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ShouldBeJson(text, Invalid("DeleteOptions", ("FieldValueInvalid", "propagationPolicy",
            "Invalid value: \"Orphan\": orphanDependents and deletionPropagation cannot be both set")));

        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/opt-del")).Code.ShouldBe(HttpStatusCode.OK);
        var deleted = await server.KubectlAsync("delete configmap opt-del");
        deleted.ExitCode.ShouldBe(0, deleted.Stderr);
    }
}
