using KubeSharp.Api.FlowControl.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>Defaults of <c>flowcontrol.apiserver.k8s.io/v1</c> (API Priority and Fairness).</summary>
internal static class FlowControlDefaults
{
    /// <summary>Matching precedence 1000.</summary>
    public static void FlowSchema(FlowSchema schema)
    {
        if (schema.Spec.MatchingPrecedence == 0)
        {
            schema.Spec.MatchingPrecedence = 1000;
        }
    }

    /// <summary>Limited: 30 nominal shares, 0% lendable, queuing 64 queues × hand size 8 × length 50;
    /// Exempt: 0 nominal shares, 0% lendable.</summary>
    public static void PriorityLevelConfiguration(PriorityLevelConfiguration configuration)
    {
        if (configuration.Spec.Limited is { } limited)
        {
            limited.NominalConcurrencyShares ??= 30;
            limited.LendablePercent ??= 0;
            if (limited.LimitResponse.Queuing is { } queuing)
            {
                if (queuing.HandSize == 0)
                {
                    queuing.HandSize = 8;
                }
                if (queuing.Queues == 0)
                {
                    queuing.Queues = 64;
                }
                if (queuing.QueueLengthLimit == 0)
                {
                    queuing.QueueLengthLimit = 50;
                }
            }
        }
        if (configuration.Spec.Exempt is { } exempt)
        {
            exempt.NominalConcurrencyShares ??= 0;
            exempt.LendablePercent ??= 0;
        }
    }
}
