namespace KubeSharp.Api.Serialization;

/// <summary>A JSON document could not be decoded into the requested type.</summary>
public sealed class JsonDecodeException : Exception
{
    public JsonDecodeException() { }

    public JsonDecodeException(string message) : base(message) { }

    public JsonDecodeException(string message, Exception inner) : base(message, inner) { }

    public JsonDecodeException(string message, string path) : base(message) => Path = path;

    /// <summary>Field path where decoding failed (for example <c>spec.containers[0].ports</c>), or empty.</summary>
    public string Path { get; } = "";
}
