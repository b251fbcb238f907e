namespace KubeSharp.ApiServer.Validation;

/// <summary>
/// upstream <c>ValidateNameFunc</c>: checks an object name (or, when <paramref name="prefix"/> is true, a
/// <c>generateName</c> prefix) and returns the failure messages; empty when valid.
/// </summary>
public delegate IReadOnlyList<string> NameValidator(string name, bool prefix);
