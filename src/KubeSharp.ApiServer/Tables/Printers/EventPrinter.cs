using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using CoreEvent = KubeSharp.Api.Core.V1.Event;
using EventsEvent = KubeSharp.Api.Events.V1.Event;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>
/// events (core/v1 and events.k8s.io/v1, which upstream prints from the same internal Event): LAST SEEN, TYPE,
/// REASON, OBJECT (<c>pod/nginx</c>), MESSAGE; wide SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME.
/// </summary>
internal sealed class EventPrinter : ResourcePrinter
{
    /// <summary>The white space Go's <c>strings.TrimSpace</c> removes.</summary>
    private static readonly char[] GoSpace = ['\t', '\n', '\v', '\f', '\r', ' ', '\u0085', '\u00A0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200A', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000'];

    public EventPrinter()
        : base(
            TableColumn.Str("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            TableColumn.Str("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
            TableColumn.Str("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
            TableColumn.Str("Object", "The object that this event is about."),
            TableColumn.Str("Subobject", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.", 1),
            TableColumn.Str("Source", "The component reporting this event. Should be a short machine understandable string.", 1),
            TableColumn.Str("Message", "A human-readable description of the status of this operation."),
            TableColumn.Str("First Seen", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1),
            TableColumn.Str("Count", "The number of times this event has occurred.", 1),
            new TableColumn("Name", "string", "name", ColumnDescriptions.Name, 1))
    {
    }

    public override bool CanPrint(object obj) => obj is CoreEvent or EventsEvent;

    public override void Print(object obj, TableRowBuilder row)
    {
        if (obj is EventsEvent e)
        {
            // The events.k8s.io/v1 fields as upstream converts them to the internal Event.
            Print(
                row, e.Metadata.Name, e.Regarding, e.Reason, e.Note, e.Type, e.DeprecatedSource, e.ReportingController, e.ReportingInstance,
                e.DeprecatedFirstTimestamp, e.DeprecatedLastTimestamp, e.EventTime, e.DeprecatedCount,
                e.Series is { } s ? (s.Count, s.LastObservedTime) : null);
            return;
        }
        var c = (CoreEvent)obj;
        Print(
            row, c.Metadata.Name, c.InvolvedObject, c.Reason, c.Message, c.Type, c.Source, c.ReportingComponent, c.ReportingInstance,
            c.FirstTimestamp, c.LastTimestamp, c.EventTime, c.Count,
            c.Series is { } series ? (series.Count, series.LastObservedTime) : null);
    }

    private static void Print(
        TableRowBuilder row, string name, ObjectReference involved, string reason, string message, string type, EventSource source,
        string reportingController, string reportingInstance, Time first, Time last, MicroTime eventTime, int count,
        (int Count, MicroTime LastObserved)? series)
    {
        var firstSeen = first.IsZero ? row.Clock.Age(eventTime) : row.Clock.Age(first);
        var lastSeen = last.IsZero ? firstSeen : row.Clock.Age(last);
        if (series is { } s)
        {
            lastSeen = row.Clock.Age(s.LastObserved);
            count = s.Count;
        }
        else if (count == 0)
        {
            // Singleton events of the new API have no count.
            count = 1;
        }

        var kind = involved.Kind.ToLowerInvariant();
        var target = involved.Name.Length > 0 ? kind + "/" + involved.Name : kind;
        var component = source.Component.Length > 0 ? source.Component : reportingController;
        var instance = source.Host.Length > 0 ? source.Host : reportingInstance;

        row.String(lastSeen);
        row.String(type);
        row.String(reason);
        row.String(target);
        row.String(involved.FieldPath);
        row.String(instance.Length == 0 ? component : component + ", " + instance);
        row.String(message.Trim(GoSpace));
        row.String(firstSeen);
        row.Integer(count);
        row.String(name);
    }
}
