namespace KubeSharp.Api.Protobuf;

/// <summary>A type with a generated codec for Kubernetes' protobuf wire format (field numbers from schema.json).</summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IProtoModel<TSelf> where TSelf : IProtoModel<TSelf>
{
    /// <summary>Decodes a message body (no tag or length). Unknown fields are skipped, as Go does.</summary>
    static abstract TSelf ReadProto(ref ProtoReader reader);

    /// <summary>Writes this message's fields (no tag or length) backwards into <paramref name="writer"/>.</summary>
    void WriteProto(ProtoWriter writer);
}
