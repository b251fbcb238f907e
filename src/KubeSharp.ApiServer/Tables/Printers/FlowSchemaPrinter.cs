using KubeSharp.Api.FlowControl.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>
/// flowschemas: NAME, PRIORITYLEVEL, MATCHINGPRECEDENCE, DISTINGUISHERMETHOD, AGE, MISSINGPL (the Dangling
/// condition, <c>?</c> when absent). Lists are sorted by matching precedence, then name, as upstream does.
/// </summary>
internal sealed class FlowSchemaPrinter : ResourcePrinter<FlowSchema>
{
    public FlowSchemaPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("PriorityLevel", "`name` is the name of the priority level configuration being referenced Required."),
            TableColumn.Str("MatchingPrecedence", "`matchingPrecedence` is used to choose among the FlowSchemas that match a given request. The chosen FlowSchema is among those with the numerically lowest (which we take to be logically highest) MatchingPrecedence.  Each MatchingPrecedence value must be ranged in [1,10000]. Note that if the precedence is not specified, it will be set to 1000 as default."),
            TableColumn.Str("DistinguisherMethod", "`distinguisherMethod` defines how to compute the flow distinguisher for requests that match this schema. `nil` specifies that the distinguisher is disabled and thus will always be the empty string."),
            TableColumn.AgeColumn,
            TableColumn.Str("MissingPL", "references a broken or non-existent PriorityLevelConfiguration"))
    {
    }

    public override IComparer<object>? RowOrder { get; } = Comparer<object>.Create((a, b) =>
    {
        var x = (FlowSchema)a;
        var y = (FlowSchema)b;
        var c = x.Spec.MatchingPrecedence.CompareTo(y.Spec.MatchingPrecedence);
        return c != 0 ? c : GoStringComparer.Instance.Compare(x.Metadata.Name, y.Metadata.Name);
    });

    protected override void Print(FlowSchema obj, TableRowBuilder row)
    {
        var missing = "?";
        if (obj.Status.Conditions is { } conditions)
        {
            foreach (var condition in conditions)
            {
                if (condition.Type == "Dangling")
                {
                    missing = condition.Status;
                    break;
                }
            }
        }
        row.String(obj.Metadata.Name);
        row.String(obj.Spec.PriorityLevelConfiguration.Name);
        row.Integer(obj.Spec.MatchingPrecedence);
        row.String(obj.Spec.DistinguisherMethod?.Type ?? "<none>");
        row.Age(obj.Metadata.CreationTimestamp);
        row.String(missing);
    }
}
