using System.Net;

namespace KubeSharp.Grpc;

/// <summary>A request body that stays open: it hands the HTTP/2 request stream to the writer and ends
/// (END_STREAM) when <see cref="Complete"/> is called.</summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamingRequestContent() => Headers.TryAddWithoutValidation("content-type", GrpcProtocol.ContentType);

    /// <summary>The request stream, once the handler has started sending the body.</summary>
    public Task<Stream> RequestStream => _stream.Task;

    /// <summary>Ends the request body (END_STREAM).</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>Fails the request body, so the handler resets the stream rather than ending it cleanly.</summary>
    public void Abort() => _completed.TrySetCanceled();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.TrySetResult(stream);
        await _completed.Task.WaitAsync(cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        _completed.TrySetCanceled();
        base.Dispose(disposing);
    }
}
