namespace KubeSharp.Api.Manifests;

/// <summary>The text of one document of a YAML stream and the stream line its text starts on.</summary>
internal readonly record struct YamlChunk(string Text, int FirstLine);
