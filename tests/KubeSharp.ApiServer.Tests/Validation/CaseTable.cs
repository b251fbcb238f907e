using System.Collections;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Validation;

namespace KubeSharp.ApiServer.Tests.Validation;

/// <summary>A named table of create cases: a mutation of a valid fixture and the errors upstream reports.</summary>
public sealed class CaseTable<T>(Func<T> fixture) : IEnumerable<string> where T : class
{
    private readonly Dictionary<string, (Action<T> Mutate, string[] Expected)> _cases = new(StringComparer.Ordinal);

    public void Add(string name, Action<T> mutate) => _cases.Add(name, (mutate, []));

    public void Add(string name, Action<T> mutate, params string[] expected) => _cases.Add(name, (mutate, expected));

    public TheoryData<string> Names => new(_cases.Keys);

    public (T Object, string[] Expected) Build(string name)
    {
        var (mutate, expected) = _cases[name];
        var obj = fixture();
        mutate(obj);
        return (obj, expected);
    }

    public IEnumerator<string> GetEnumerator() => _cases.Keys.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A named table of update cases: both objects start as the valid fixture; the new one is then mutated.</summary>
public sealed class UpdateTable<T>(Func<T> fixture, Func<T, T> copy, Action<T> bumpVersion) : IEnumerable<string> where T : class
{
    private readonly Dictionary<string, (Action<T> MutateOld, Action<T> MutateNew, string[] Expected)> _cases = new(StringComparer.Ordinal);

    public void Add(string name, Action<T> mutateNew) => _cases.Add(name, (_ => { }, mutateNew, []));

    public void Add(string name, Action<T> mutateNew, params string[] expected) => _cases.Add(name, (_ => { }, mutateNew, expected));

    public void Add(string name, Action<T> mutateOld, Action<T> mutateNew) => _cases.Add(name, (mutateOld, mutateNew, []));

    public void Add(string name, Action<T> mutateOld, Action<T> mutateNew, params string[] expected) => _cases.Add(name, (mutateOld, mutateNew, expected));

    public TheoryData<string> Names => new(_cases.Keys);

    public (T New, T Old, string[] Expected) Build(string name)
    {
        var (mutateOld, mutateNew, expected) = _cases[name];
        var old = fixture();
        mutateOld(old);
        var updated = copy(old);
        bumpVersion(updated);
        mutateNew(updated);
        return (updated, old, expected);
    }

    public IEnumerator<string> GetEnumerator() => _cases.Keys.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

internal static class Errors
{
    public static string[] Of(FieldErrorList errors) => errors.Select(e => e.ToString()).ToArray();

    public static string[] Create(object obj) => Of(ObjectValidator.ValidateCreate(obj, ValidationOptions.Default));

    public static string[] Update(object updated, object old) => Of(ObjectValidator.ValidateUpdate(updated, old, ValidationOptions.Default));

    public static string[] StatusUpdate(object updated, object old) => Of(ObjectValidator.ValidateStatusUpdate(updated, old, ValidationOptions.Default));
}

/// <summary>Upstream's long regex messages, taken from the API model's validators.</summary>
internal static class Msg
{
    public static readonly string Subdomain = ValueValidation.IsDNS1123Subdomain("A")[0];
    public static readonly string Label = ValueValidation.IsDNS1123Label("A")[0];
    public static readonly string Dns1035 = ValueValidation.IsDNS1035Label("1a")[0];
    public static readonly string QualifiedNamePart = ValueValidation.IsQualifiedName("-a")[0];
    public static readonly string LabelValue = ValueValidation.IsValidLabelValue("-a")[^1];
    public static readonly string EnvVarName = ValueValidation.IsEnvVarName("1a")[0];
    public static readonly string ConfigMapKey = ValueValidation.IsConfigMapKey("a b")[0];
    public static readonly string Percent = ValueValidation.IsValidPercent("x")[0];
}
