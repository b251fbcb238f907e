using Google.Protobuf.WellKnownTypes;

namespace KubeSharp.Grpc.Tests;

/// <summary>Methods of the test service; messages are protobuf's well-known wrapper types.</summary>
public static class TestMethods
{
    public static readonly GrpcMethod<StringValue, StringValue> Echo = new(GrpcMethodType.Unary, "test.Echo", "Echo", StringValue.Parser);

    public static readonly GrpcMethod<Int32Value, Int32Value> Count = new(GrpcMethodType.ServerStreaming, "test.Echo", "Count", Int32Value.Parser);

    public static readonly GrpcMethod<StringValue, StringValue> Chat = new(GrpcMethodType.DuplexStreaming, "test.Echo", "Chat", StringValue.Parser);
}
