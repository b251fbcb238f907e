using BenchmarkDotNet.Attributes;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Protobuf;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Benchmarks;

/// <summary>Decode and encode a typical running Pod (about 4 KB of JSON), typed, as JSON and as protobuf.</summary>
[MemoryDiagnoser]
public class PodCodecBenchmarks : IDisposable
{
    private byte[] _json = [];
    private byte[] _protobuf = [];
    private Pod _pod = new();
    private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly ProtoWriter _protoWriter = new(16 * 1024);
    private ApiTypeInfo _info = null!;

    [GlobalSetup]
    public void Setup()
    {
        _json = BenchData.Read("pod.json");
        _pod = KubeJson.Deserialize<Pod>(_json);
        ApiTypes.TryGet("v1", "Pod", out var info);
        _info = info!;
        _protobuf = KubeProtobuf.Encode(_pod, _info);
    }

    [Benchmark]
    public Pod DecodeJson() => KubeJson.Deserialize<Pod>(_json);

    [Benchmark]
    public int EncodeJson()
    {
        _buffer.ResetWrittenCount();
        KubeJson.Serialize(_buffer, _pod);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public Pod DecodeProtobuf() => KubeProtobuf.Decode<Pod>(_protobuf);

    [Benchmark]
    public int EncodeProtobuf()
    {
        KubeProtobuf.Encode(_protoWriter, _pod, _info);
        return _protoWriter.Length;
    }

    [Benchmark]
    public Pod DeepCopy() => _pod.DeepCopy();

    public void Dispose()
    {
        _protoWriter.Dispose();
        GC.SuppressFinalize(this);
    }
}
