using KubeSharp.Api.FlowControl.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>
/// prioritylevelconfigurations: NAME, TYPE, NOMINALCONCURRENCYSHARES, QUEUES, HANDSIZE, QUEUELENGTHLIMIT (integers,
/// or <c>&lt;none&gt;</c> for exempt levels and levels that reject), AGE.
/// </summary>
internal sealed class PriorityLevelConfigurationPrinter : ResourcePrinter<PriorityLevelConfiguration>
{
    public PriorityLevelConfigurationPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Type", "`type` indicates whether this priority level is subject to limitation on request execution.  A value of `\"Exempt\"` means that requests of this priority level are not subject to a limit (and thus are never queued) and do not detract from the capacity made available to other priority levels.  A value of `\"Limited\"` means that (a) requests of this priority level _are_ subject to limits and (b) some of the server's limited capacity is made available exclusively to this priority level. Required."),
            TableColumn.Str("NominalConcurrencyShares", "`nominalConcurrencyShares` (NCS) contributes to the computation of the NominalConcurrencyLimit (NominalCL) of this level. This is the number of execution seats available at this priority level."),
            TableColumn.Str("Queues", "`queues` is the number of queues for this priority level. The queues exist independently at each apiserver. The value must be positive.  Setting it to 1 effectively precludes shufflesharding and thus makes the distinguisher method of associated flow schemas irrelevant.  This field has a default value of 64."),
            TableColumn.Str("HandSize", "`handSize` is a small positive number that configures the shuffle sharding of requests into queues.  When enqueuing a request at this priority level the request's flow identifier (a string pair) is hashed and the hash value is used to shuffle the list of queues and deal a hand of the size specified here.  The request is put into one of the shortest queues in that hand. `handSize` must be no larger than `queues`, and should be significantly smaller (so that a few heavy flows do not saturate most of the queues).  See the user-facing documentation for more extensive guidance on setting this field.  This field has a default value of 8."),
            TableColumn.Str("QueueLengthLimit", "`queueLengthLimit` is the maximum number of requests allowed to be waiting in a given queue of this priority level at a time; excess requests are rejected.  This value must be positive.  If not specified, it will be defaulted to 50."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(PriorityLevelConfiguration obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(obj.Spec.Type);
        if (obj.Spec.Limited is { } limited)
        {
            row.Integer(limited.NominalConcurrencyShares ?? 0);
            if (limited.LimitResponse.Queuing is { } queuing)
            {
                row.Integer(queuing.Queues);
                row.Integer(queuing.HandSize);
                row.Integer(queuing.QueueLengthLimit);
            }
            else
            {
                row.Add(TableCell.None);
                row.Add(TableCell.None);
                row.Add(TableCell.None);
            }
        }
        else
        {
            for (var i = 0; i < 4; i++)
            {
                row.Add(TableCell.None);
            }
        }
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
