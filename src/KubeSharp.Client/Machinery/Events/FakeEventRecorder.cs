using System.Collections.Concurrent;
using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;

namespace KubeSharp.Client.Machinery.Events;

/// <summary>
/// A recorder for controller tests (client-go's record.FakeRecorder): keeps each event as "Type Reason Message"
/// (with " involvedObject{kind=K,apiVersion=V}" appended when <see cref="IncludeObject"/> is set).
/// </summary>
public sealed class FakeEventRecorder : IEventRecorder
{
    private readonly ConcurrentQueue<string> _events = new();

    /// <summary>Appends the involved object's kind and apiVersion to each line.</summary>
    public bool IncludeObject { get; init; }

    /// <summary>The events recorded so far, oldest first.</summary>
    public IReadOnlyList<string> Events => [.. _events];

    public void Event(IKubeMetaObject obj, string type, string reason, string message) => Add(obj, type, reason, message);

    public void Event(ObjectReference reference, string type, string reason, string message)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Add(reference.Kind, reference.ApiVersion, type, reason, message);
    }

    public void Eventf(IKubeMetaObject obj, string type, string reason, string format, params object?[] args)
        => Add(obj, type, reason, string.Format(CultureInfo.InvariantCulture, format, args));

    public void AnnotatedEventf(IKubeMetaObject obj, IReadOnlyDictionary<string, string>? annotations, string type, string reason, string format, params object?[] args)
        => Add(obj, type, reason, string.Format(CultureInfo.InvariantCulture, format, args));

    private void Add(IKubeMetaObject obj, string type, string reason, string message)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var reference = ObjectReferences.For(obj);
        Add(reference.Kind, reference.ApiVersion, type, reason, message);
    }

    private void Add(string kind, string apiVersion, string type, string reason, string message)
        => _events.Enqueue(IncludeObject
            ? $"{type} {reason} {message} involvedObject{{kind={kind},apiVersion={apiVersion}}}"
            : $"{type} {reason} {message}");
}
