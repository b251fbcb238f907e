using System.Net;
using System.Net.Sockets;
using System.Text;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Registry;
using GroupVersionResource = KubeSharp.Api.Registry.GroupVersionResource;

namespace KubeSharp.Client.Tests.Unit;

/// <summary>The REST layer against a scripted HTTP handler: error decoding, retries, backoff, headers.</summary>
public class RestClientTests
{
    private sealed class ScriptedHandler : HttpMessageHandler
    {
        private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new();

        public List<(HttpMethod Method, string Url, string UserAgent, string? ContentType, string Body)> Requests { get; } = [];

        public List<DateTime> Times { get; } = [];

        public ScriptedHandler Then(Func<HttpRequestMessage, HttpResponseMessage> answer)
        {
            _answers.Enqueue(answer);
            return this;
        }

        public ScriptedHandler Then(HttpStatusCode code, string body = "", string? retryAfter = null)
            => Then(_ =>
            {
                var response = new HttpResponseMessage(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                if (retryAfter is not null)
                {
                    response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
                }
                return response;
            });

        public ScriptedHandler ThenRefused()
            => Then(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused)));

        public ScriptedHandler ThenReset()
            => Then(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "reset", new IOException("connection reset")));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Times.Add(DateTime.UtcNow);
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.Method, request.RequestUri!.AbsoluteUri, request.Headers.UserAgent.ToString(), request.Content?.Headers.ContentType?.MediaType, body));
            if (_answers.Count == 0)
            {
                throw new InvalidOperationException("no more scripted answers");
            }
            return _answers.Dequeue()(request);
        }
    }

    private static RestClient Client(ScriptedHandler handler, int maxRetries = 3)
        => new(new HttpClient(handler) { BaseAddress = new Uri("https://server.test") }, new RestClientOptions
        {
            MaxRetries = maxRetries,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        });

    private static ResourceClient<ConfigMap> ConfigMaps(RestClient rest, string ns = "ns")
        => new(rest, ResourceRegistry.Default.TryGetByResource(new GroupVersionResource("", "v1", "configmaps"), out var r) ? r : throw new InvalidOperationException(), ns);

    private const string NotFound = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"configmaps"},"code":404}""";
    private const string ConfigMapJson = """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x","namespace":"ns","resourceVersion":"7"},"data":{"k":"v"}}""";

    [Fact]
    public async Task StatusErrors_AreDecoded_WithDetails()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.NotFound, NotFound);

        var error = await Should.ThrowAsync<KubeApiException>(() => ConfigMaps(Client(handler)).GetAsync("x"));

        error.IsNotFound.ShouldBeTrue();
        error.Status.Details!.Name.ShouldBe("x");
        error.Message.ShouldBe("configmaps \"x\" not found");
        handler.Requests.Single().Url.ShouldBe("https://server.test/api/v1/namespaces/ns/configmaps/x");
    }

    [Fact]
    public async Task NonStatusErrors_BecomeAStatusFromTheCode()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.Forbidden, "nope, not you");

        var error = await Should.ThrowAsync<KubeApiException>(() => ConfigMaps(Client(handler)).GetAsync("x"));

        error.Code.ShouldBe(403);
        error.IsForbidden.ShouldBeTrue();
        error.Message.ShouldBe("nope, not you");
    }

    [Fact]
    public async Task TooManyRequests_WithRetryAfter_IsRetried_EvenForPost()
    {
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.TooManyRequests, """{"kind":"Status","code":429,"reason":"TooManyRequests","message":"slow down"}""", retryAfter: "0")
            .Then(HttpStatusCode.Created, ConfigMapJson);

        var created = await ConfigMaps(Client(handler)).CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "x" } });

        created.Metadata.ResourceVersion.ShouldBe("7");
        handler.Requests.Count.ShouldBe(2);
        handler.Requests.ShouldAllBe(r => r.Method == HttpMethod.Post && r.ContentType == "application/json" && r.Body.Contains("\"name\":\"x\""));
    }

    [Fact]
    public async Task RequestBodies_FromPooledBuffers_AreEachSentWhole()
    {
        // Bodies are encoded into buffers the pool hands out again once a request is over: every request still sends
        // its own object, whatever its size.
        var handler = new ScriptedHandler();
        var names = Enumerable.Range(0, 40).Select(i => "cm-" + i + new string('x', i * 97)).ToList();
        foreach (var _ in names)
        {
            handler.Then(HttpStatusCode.Created, ConfigMapJson);
        }
        var configMaps = ConfigMaps(Client(handler));

        foreach (var name in names)
        {
            (await configMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = name } })).Metadata.Name.ShouldBe("x");
        }

        handler.Requests.Select(r => r.Body).ShouldBe(names.Select(n => "{\"metadata\":{\"name\":\"" + n + "\"}}"));
    }

    [Fact]
    public async Task ServerErrors_AreRetriedForGet_NotForPost()
    {
        var get = new ScriptedHandler().Then(HttpStatusCode.ServiceUnavailable, "busy").Then(HttpStatusCode.InternalServerError, "oops").Then(HttpStatusCode.OK, ConfigMapJson);
        (await ConfigMaps(Client(get)).GetAsync("x")).Data!["k"].ShouldBe("v");
        get.Requests.Count.ShouldBe(3);

        var post = new ScriptedHandler().Then(HttpStatusCode.ServiceUnavailable, "busy");
        var error = await Should.ThrowAsync<KubeApiException>(() => ConfigMaps(Client(post)).CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "x" } }));
        error.Code.ShouldBe(503);
        post.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ConnectionFailures_RetryGet_AndRefusedConnectionsRetryEveryMethod()
    {
        var get = new ScriptedHandler().ThenReset().ThenRefused().Then(HttpStatusCode.OK, ConfigMapJson);
        (await ConfigMaps(Client(get)).GetAsync("x")).Metadata.Name.ShouldBe("x");
        get.Requests.Count.ShouldBe(3);

        var refusedPost = new ScriptedHandler().ThenRefused().Then(HttpStatusCode.Created, ConfigMapJson);
        await ConfigMaps(Client(refusedPost)).CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "x" } });
        refusedPost.Requests.Count.ShouldBe(2);

        var resetPost = new ScriptedHandler().ThenReset();
        await Should.ThrowAsync<HttpRequestException>(() => ConfigMaps(Client(resetPost)).CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "x" } }));
        resetPost.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Retries_StopAtTheLimit_WithGrowingDelays()
    {
        var handler = new ScriptedHandler();
        for (var i = 0; i < 5; i++)
        {
            handler.Then(HttpStatusCode.ServiceUnavailable, "busy");
        }

        var error = await Should.ThrowAsync<KubeApiException>(() => ConfigMaps(Client(handler, maxRetries: 3)).GetAsync("x"));

        error.Code.ShouldBe(503);
        handler.Requests.Count.ShouldBe(4);
        var gaps = handler.Times.Zip(handler.Times.Skip(1), (a, b) => b - a).ToList();
        gaps[0].ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(15));
        gaps[2].ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(60));
    }

    [Fact]
    public void Backoff_IsExponential_Jittered_AndCapped()
    {
        var rest = Client(new ScriptedHandler());
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var delay = rest.Backoff(attempt);
            var expected = Math.Min(20 * Math.Pow(2, attempt), 200);
            delay.TotalMilliseconds.ShouldBeGreaterThanOrEqualTo(expected - 0.001);
            delay.TotalMilliseconds.ShouldBeLessThanOrEqualTo(Math.Min(expected * 1.5, 200) + 0.001);
        }
    }

    [Fact]
    public async Task Cancellation_StopsTheRetryLoop()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.ServiceUnavailable, "busy", retryAfter: "5").Then(HttpStatusCode.OK, ConfigMapJson);
        var rest = new RestClient(new HttpClient(handler) { BaseAddress = new Uri("https://server.test") }, new RestClientOptions { MaxBackoff = TimeSpan.FromSeconds(30) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(() => ConfigMaps(rest).GetAsync("x", cancellationToken: cts.Token));

        handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Head_AnswersAnEmptyBody_ThoughItDeclaresALength()
    {
        var handler = new ScriptedHandler().Then(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
            response.Content.Headers.ContentLength = 42;
            return response;
        });

        var body = await Client(handler).SendAsync(new RestRequest(HttpMethod.Head, "/api/v1/namespaces/default"));

        body.ShouldBeEmpty();
        handler.Requests.Single().Method.ShouldBe(HttpMethod.Head);
    }

    [Fact]
    public async Task UserAgent_AndQueryParameters_AreSent()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.OK, """{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"12","continue":"next","remainingItemCount":3},"items":[]}""");

        var list = await ConfigMaps(Client(handler), "").ListAsync(new ListParams { LabelSelector = "a in (b,c)", Limit = 2, ResourceVersion = "0" });

        list.ResourceVersion.ShouldBe("12");
        list.Continue.ShouldBe("next");
        list.RemainingItemCount.ShouldBe(3);
        var request = handler.Requests.Single();
        request.UserAgent.ShouldBe(RestClient.DefaultUserAgent);
        request.UserAgent.ShouldMatch(@"^kubesharp/v\d+\.\d+\.\d+");
        request.Url.ShouldBe("https://server.test/api/v1/configmaps?labelSelector=a%20in%20%28b%2Cc%29&resourceVersion=0&limit=2");
    }

    [Fact]
    public async Task Delete_ReturnsNullForAStatus_AndTheObjectOtherwise_AndSendsDeleteOptions()
    {
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name":"x","kind":"configmaps"}}""")
            .Then(HttpStatusCode.OK, ConfigMapJson);
        var cms = ConfigMaps(Client(handler));

        (await cms.DeleteAsync("x", new DeleteOptions { PropagationPolicy = "Background", GracePeriodSeconds = 0 })).ShouldBeNull();
        (await cms.DeleteAsync("x")).ShouldNotBeNull().Metadata.Name.ShouldBe("x");

        handler.Requests[0].Body.ShouldBe("""{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0,"propagationPolicy":"Background"}""");
        handler.Requests[1].Body.ShouldBe("");
    }

    [Fact]
    public async Task Patch_SendsTheContentTypeAndParameters()
    {
        var handler = new ScriptedHandler();
        for (var i = 0; i < 4; i++)
        {
            handler.Then(HttpStatusCode.OK, ConfigMapJson);
        }
        var cms = ConfigMaps(Client(handler));

        await cms.PatchAsync("x", PatchType.Json, "[]");
        await cms.PatchAsync("x", PatchType.Merge, "{}", new PatchParams { FieldManager = "m", DryRun = true });
        await cms.PatchAsync("x", PatchType.StrategicMerge, "{}", subresource: "status");
        await cms.ApplyAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "x" } }, "mgr", force: true);

        handler.Requests.Select(r => r.ContentType).ShouldBe(["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"]);
        handler.Requests[1].Url.ShouldEndWith("/configmaps/x?dryRun=All&fieldManager=m");
        handler.Requests[2].Url.ShouldEndWith("/configmaps/x/status");
        handler.Requests[3].Url.ShouldEndWith("/configmaps/x?fieldManager=mgr&force=true");
    }
}
