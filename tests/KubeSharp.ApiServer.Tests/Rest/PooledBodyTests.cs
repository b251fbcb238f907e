using System.Buffers;
using System.Text;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Registry;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Rest;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Tests.Rest;

/// <summary>Request bodies read into pooled buffers: complete, bounded, and never visible after the request.</summary>
public sealed class PooledBodyTests
{
    private static DefaultHttpContext Context(byte[] body, bool declareLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentType = "application/json";
        if (declareLength)
        {
            context.Request.ContentLength = body.Length;
        }
        return context;
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(10, true)]
    [InlineData(100_000, true)]
    [InlineData(0, false)]
    [InlineData(100_000, false)]
    public async Task ReadsTheWholeBody(int size, bool declareLength)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        using var body = await RequestBody.ReadPooledAsync(Context(bytes, declareLength), 1 << 20, CancellationToken.None);
        body.Memory.ToArray().ShouldBe(bytes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MoreThanTheLimit_Is413(bool declareLength)
    {
        var error = await Should.ThrowAsync<ApiStatusException>(async () =>
            await RequestBody.ReadPooledAsync(Context(new byte[5000], declareLength), 4096, CancellationToken.None));
        error.Status.Code.ShouldBe(413);
    }

    [Fact]
    public async Task AfterDispose_TheBufferIsGone_AndTheDecodedObjectDoesNotShareIt()
    {
        var json = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"n","labels":{"app":"web"},
             "managedFields":[{"manager":"m","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{}}}}]},
             "spec":{"containers":[{"name":"c","image":"nginx"}]}}
            """u8.ToArray();
        var catalog = new ResourceCatalog(ResourceRegistry.Default, Strategies.For);
        catalog.TryGet("", "v1", "pods", out var pods).ShouldBeTrue();
        var context = Context(json, declareLength: true);
        Pod pod;
        var body = await RequestBody.ReadPooledAsync(context, 1 << 20, CancellationToken.None);
        using (body)
        {
            pod = (Pod)RequestBody.DecodeObject(context, pods!, body.Memory, "Strict");
        }
        Should.Throw<ObjectDisposedException>(() => body.Memory);
        var before = Encoding.UTF8.GetString(CachedObject.Encode(pods!, pod));

        // Whoever rents the buffers next scribbles over them: the decoded pod must not change.
        for (var i = 0; i < 8; i++)
        {
            var rented = ArrayPool<byte>.Shared.Rent(json.Length + 1);
            rented.AsSpan().Fill((byte)'x');
        }
        Encoding.UTF8.GetString(CachedObject.Encode(pods!, pod)).ShouldBe(before);
        pod.Metadata.Labels!["app"].ShouldBe("web");
        pod.Spec.Containers![0].Image.ShouldBe("nginx");
    }
}
