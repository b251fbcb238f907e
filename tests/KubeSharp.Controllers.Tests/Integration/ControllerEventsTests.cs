using System.Text.RegularExpressions;
using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>
/// The controllers' events as <c>kubectl describe</c> shows them (upstream's reasons, texts and sources): the deployment
/// controller's ScalingReplicaSet, the replicaset controller's SuccessfulCreate/SuccessfulDelete, the job controller's
/// SuccessfulCreate/Completed/BackoffLimitExceeded.
/// </summary>
public class ControllerEventsTests(ControllersFixture fixture) : IClassFixture<ControllersFixture>
{
    private async Task<string> Kubectl(string arguments, string? stdin = null)
    {
        var (code, stdout, stderr) = await fixture.RunKubectlAsync("/usr/bin/kubectl", arguments, stdin);
        code.ShouldBe(0, $"kubectl {arguments}: {stderr}");
        return stdout;
    }

    /// <summary>The rows of the Events section of <c>kubectl describe</c> (Type, Reason, Age, From, Message).</summary>
    private static List<(string Type, string Reason, string From, string Message)> EventRows(string describe)
    {
        var rows = new List<(string, string, string, string)>();
        var start = describe.IndexOf("\nEvents:", StringComparison.Ordinal);
        if (start < 0)
        {
            return rows;
        }
        foreach (var line in describe[start..].Split('\n').Skip(3))
        {
            // Columns are separated by at least two spaces; the message may contain single spaces.
            var cells = Regex.Split(line.Trim(), " {2,}");
            if (cells.Length >= 5)
            {
                rows.Add((cells[0], cells[1], cells[3], string.Join("  ", cells[4..])));
            }
        }
        return rows;
    }

    /// <summary>Waits until <c>kubectl describe</c> shows an event row matching <paramref name="predicate"/> (events are
    /// written in the background) and returns the rows.</summary>
    private async Task<List<(string Type, string Reason, string From, string Message)>> DescribeUntilAsync(
        string what, Func<(string Type, string Reason, string From, string Message), bool> predicate)
    {
        List<(string Type, string Reason, string From, string Message)> rows = [];
        var last = "";
        try
        {
            await ControllersFixture.EventuallyAsync(async () =>
            {
                last = await Kubectl("describe " + what);
                rows = EventRows(last);
                return rows.Any(predicate);
            }, "events of " + what, TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + last, e);
        }
        return rows;
    }

    [Fact]
    public async Task DescribeDeploymentAndReplicaSet_ShowUpstreamEvents()
    {
        const string ns = "events-deploy";
        await Kubectl("create namespace " + ns);
        await Kubectl($"create deployment web -n {ns} --image=nginx:1.27 --replicas=3");
        (await Kubectl($"rollout status deployment/web -n {ns} --timeout=90s")).ShouldContain("successfully rolled out");
        var rs = (await fixture.Client.Resource<ReplicaSet>(ns).ListAsync()).Items.Single().Metadata.Name;

        var rows = await DescribeUntilAsync($"deployment web -n {ns}", r => r.Reason == "ScalingReplicaSet");
        rows.ShouldContain(("Normal", "ScalingReplicaSet", "deployment-controller", $"Scaled up replica set {rs} from 0 to 3"));

        var pods = (await fixture.Client.Resource<Pod>(ns).ListAsync(new ListParams { LabelSelector = "app=web" })).Items.Select(p => p.Metadata.Name).ToList();
        rows = await DescribeUntilAsync($"replicaset {rs} -n {ns}", r => r.Reason == "SuccessfulCreate");
        var created = rows.Where(r => r.Reason == "SuccessfulCreate").ToList();
        created.ShouldAllBe(r => r.Type == "Normal" && r.From == "replicaset-controller" && r.Message.StartsWith("Created pod: " + rs + "-", StringComparison.Ordinal));
        created.Select(r => r.Message["Created pod: ".Length..]).ShouldBeSubsetOf(pods);

        // Scaling down: the deployment scales its ReplicaSet down, which deletes pods.
        await Kubectl($"scale deployment web -n {ns} --replicas=1");
        rows = await DescribeUntilAsync($"deployment web -n {ns}", r => r.Message == $"Scaled down replica set {rs} from 3 to 1");
        rows.ShouldContain(("Normal", "ScalingReplicaSet", "deployment-controller", $"Scaled down replica set {rs} from 3 to 1"));
        rows = await DescribeUntilAsync($"replicaset {rs} -n {ns}", r => r.Reason == "SuccessfulDelete");
        rows.Where(r => r.Reason == "SuccessfulDelete").ShouldAllBe(r => r.Type == "Normal" && r.From == "replicaset-controller" && r.Message.StartsWith("Deleted pod: " + rs + "-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DescribeJob_ShowsCreatedPodsCompletionAndBackoffLimitExceeded()
    {
        const string ns = "events-job";
        await Kubectl("create namespace " + ns);
        foreach (var (name, backoffLimit) in new[] { ("ok", 6), ("bad", 0) })
        {
            await Kubectl("apply -f -", $$"""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: {{name}}, namespace: {{ns}}}
                spec:
                  backoffLimit: {{backoffLimit}}
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: busybox:1.36}]
                """);
        }
        await FinishPodsAsync(ns, "ok", exitCode: 0);
        await FinishPodsAsync(ns, "bad", exitCode: 1);

        var rows = await DescribeUntilAsync($"job ok -n {ns}", r => r.Reason == "Completed");
        rows.ShouldContain(r => r.Type == "Normal" && r.Reason == "SuccessfulCreate" && r.From == "job-controller" && r.Message.StartsWith("Created pod: ok-", StringComparison.Ordinal));
        rows.ShouldContain(("Normal", "Completed", "job-controller", "Job completed"));

        rows = await DescribeUntilAsync($"job bad -n {ns}", r => r.Reason == "BackoffLimitExceeded");
        rows.ShouldContain(("Warning", "BackoffLimitExceeded", "job-controller", "Job has reached the specified backoff limit"));
    }

    /// <summary>Finishes the Job's running pods as a kubelet would when the container exits.</summary>
    private async Task FinishPodsAsync(string ns, string job, int exitCode)
    {
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var pods = (await fixture.Client.Resource<Pod>(ns).ListAsync(new ListParams { LabelSelector = "batch.kubernetes.io/job-name=" + job })).Items;
            var running = pods.Where(p => p.Status.Phase == "Running").ToList();
            foreach (var pod in running)
            {
                var copy = pod.DeepCopy();
                var now = Time.Now().Rfc3339Copy();
                copy.Status.Phase = exitCode == 0 ? "Succeeded" : "Failed";
                copy.Status.Conditions = [new PodCondition { Type = "Ready", Status = "False", Reason = "PodCompleted", LastTransitionTime = now }];
                copy.Status.ContainerStatuses = [new ContainerStatus
                {
                    Name = "c",
                    Image = "busybox:1.36",
                    State = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = exitCode, StartedAt = now, FinishedAt = now, Reason = exitCode == 0 ? "Completed" : "Error" } },
                }];
                try
                {
                    await fixture.Client.Resource<Pod>(ns).UpdateStatusAsync(copy);
                }
                catch (KubeApiException e) when (e.IsConflict)
                {
                }
            }
            var status = (await fixture.Client.Resource<Job>(ns).GetAsync(job)).Status;
            return status.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true;
        }, "job " + job + " finished", TimeSpan.FromSeconds(60));
    }
}
