namespace KubeSharp.ApiServer.Errors;

/// <summary>The object an Invalid error is about: its group, kind and name.</summary>
public readonly record struct GroupKindName(string Group, string Kind, string Name);
