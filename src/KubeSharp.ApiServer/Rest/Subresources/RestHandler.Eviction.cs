using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Policy.V1;
using GroupResource = KubeSharp.Api.Registry.GroupResource;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Rest.Subresources;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary><c>POST pods/NAME/eviction</c> (upstream's EvictionREST): deletes the pod with the eviction's
/// DeleteOptions unless that would violate the one PodDisruptionBudget selecting it. Pods that are pending,
/// finished or already being deleted go without a budget check. A budget with no disruptions left (or whose status
/// the controller has not caught up with) answers 429; otherwise its disruptionsAllowed is decremented (and the
/// pod recorded in disruptedPods) before the pod is deleted. Answers 201 with a Success Status.</summary>
public sealed partial class RestHandler
{
    private static readonly string[] EvictionApiVersions = [Eviction.KubeApiVersion, "policy/v1beta1"];
    private const int MaxDisruptedPods = 2000;
    private const string EvictionBlocked = "Cannot evict pod as it would violate the pod's disruption budget.";

    private async Task HandleEvictionAsync(HttpContext context, RequestInfo info, ResourceStore pods, CancellationToken cancellationToken)
    {
        if (info.Verb != "create")
        {
            throw ApiErrors.MethodNotSupported(new GroupResource("", "pods/eviction"), info.Verb);
        }
        var queryDryRun = CheckWriteOptions(context, "CreateOptions");
        var body = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes, cancellationToken);
        var evictionType = ApiTypes.TryGet(Eviction.KubeApiVersion, Eviction.KubeKind, out var type) ? type : throw new InvalidOperationException("policy/v1 Eviction is not registered");
        var eviction = SubresourceBody.Decode<Eviction>(context, body, evictionType, EvictionApiVersions, FieldValidation(context));
        if (eviction.Metadata.Namespace.Length > 0 && eviction.Metadata.Namespace != info.Namespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        // Upstream admits the eviction as the create of pods/eviction (a terminating namespace refuses it); the pod
        // is then deleted through the store, without a second admission.
        var admission = new Admission.AdmissionAttributes
        {
            Operation = Admission.AdmissionOperation.Create,
            Resource = pods.Resource,
            Subresource = "eviction",
            SubresourceKind = Eviction.KubeKind,
            Namespace = info.Namespace,
            Name = info.Name,
            Object = eviction,
            DryRun = queryDryRun,
        };
        await _admission.AdmitAsync(admission, cancellationToken);
        if (eviction.Metadata.Name != info.Name)
        {
            throw ApiErrors.BadRequest("name in URL does not match name in Eviction object");
        }
        // The request's dryRun and the eviction's DeleteOptions.dryRun must agree (upstream's propagateDryRun).
        var deleteOptions = eviction.DeleteOptions ?? new DeleteOptions();
        List<string> queryValues = queryDryRun ? ["All"] : [];
        if (deleteOptions.DryRun is not { Count: > 0 })
        {
            deleteOptions.DryRun = queryValues.Count > 0 ? queryValues : null;
        }
        else if (queryValues.Count > 0 && !deleteOptions.DryRun.SequenceEqual(queryValues))
        {
            throw ApiErrors.BadRequest($"Non-matching dry-run options in request and content: [{string.Join(' ', queryValues)}] and [{string.Join(' ', deleteOptions.DryRun)}]");
        }
        foreach (var value in deleteOptions.DryRun ?? [])
        {
            if (value != "All")
            {
                throw ApiErrors.BadRequest($"Invalid dry run value: \"{value}\"; supported values: \"All\"");
            }
        }
        var dryRun = deleteOptions.DryRun is { Count: > 0 };
        await _admission.ValidateAsync(admission, cancellationToken);
        var rvUnset = deleteOptions.Preconditions?.ResourceVersion is not { Length: > 0 };

        // Pods whose disruption already happened (or has not started) are deleted without a budget check.
        Pod pod;
        for (var attempt = 0; ; attempt++)
        {
            var current = await pods.GetAsync(info.Namespace, info.Name, cancellationToken);
            pod = (Pod)current.Object;
            if (!CanIgnoreBudget(pod))
            {
                break;
            }
            var ignoringOptions = deleteOptions;
            if (EnforcesResourceVersion(pod) && rvUnset)
            {
                ignoringOptions = deleteOptions.DeepCopy();
                (ignoringOptions.Preconditions ??= new Preconditions()).ResourceVersion = pod.Metadata.ResourceVersion;
            }
            try
            {
                await EvictAsync(pods, current, ignoringOptions, dryRun, cancellationToken);
            }
            catch (ApiStatusException e) when (e.Status.Code == 409 && rvUnset && attempt < 10)
            {
                continue;
            }
            await WriteEvictedAsync(context, cancellationToken);
            return;
        }

        var budgets = await BudgetsSelectingAsync(pod, cancellationToken);
        if (budgets.Count > 1)
        {
            await Responses.WriteStatusAsync(context, new Status
            {
                Kind = "Status",
                ApiVersion = "v1",
                StatusValue = "Failure",
                Message = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
                Code = 500,
            }, cancellationToken);
            return;
        }
        var enforceResourceVersion = false;
        string? budgetName = null;
        if (budgets.Count == 1)
        {
            var (budgetStore, budget) = budgets[0];
            budgetName = budget.Metadata.Name;
            if (!PodConditions.IsReady(pod) && (budget.Spec.UnhealthyPodEvictionPolicy == "AlwaysAllow"
                || (budget.Status.CurrentHealthy >= budget.Status.DesiredHealthy && budget.Status.DesiredHealthy > 0)))
            {
                // An unready pod does not count towards the budget: it goes without a decrement, if it is still unready.
                enforceResourceVersion = true;
            }
            else
            {
                await CheckAndDecrementAsync(budgetStore, budget, pod.Metadata.Name, dryRun, cancellationToken);
            }
        }
        var finalOptions = deleteOptions;
        if (enforceResourceVersion)
        {
            finalOptions = deleteOptions.DeepCopy();
            (finalOptions.Preconditions ??= new Preconditions()).ResourceVersion = pod.Metadata.ResourceVersion;
        }
        try
        {
            await EvictAsync(pods, await pods.GetAsync(info.Namespace, info.Name, cancellationToken), finalOptions, dryRun, cancellationToken);
        }
        catch (ApiStatusException e) when (e.Status.Code == 409 && enforceResourceVersion && rvUnset)
        {
            throw BudgetStillProcessing(budgetName!);
        }
        await WriteEvictedAsync(context, cancellationToken);
    }

    private async Task EvictAsync(ResourceStore pods, CachedObject current, DeleteOptions deleteOptions, bool dryRun, CancellationToken cancellationToken)
    {
        CheckPreconditions(pods.Resource, current, deleteOptions);
        await DeleteOneAsync(pods, current, deleteOptions, dryRun, admit: false, cancellationToken);
    }

    private static Task WriteEvictedAsync(HttpContext context, CancellationToken cancellationToken)
        => Responses.WriteAsync(context, 201, new Status { Kind = "Status", ApiVersion = "v1", StatusValue = "Success", Code = 201 }, cancellationToken);

    private static bool CanIgnoreBudget(Pod pod)
        => pod.Status.Phase is "Succeeded" or "Failed" or "Pending" || pod.Metadata.DeletionTimestamp is not null;

    private static bool EnforcesResourceVersion(Pod pod)
        => pod.Status.Phase is not ("Succeeded" or "Failed") && pod.Metadata.DeletionTimestamp is null;

    /// <summary>The budgets in the pod's namespace whose (non-empty, valid) selector matches the pod's labels.</summary>
    private async Task<List<(ResourceStore Store, PodDisruptionBudget Budget)>> BudgetsSelectingAsync(Pod pod, CancellationToken cancellationToken)
    {
        var found = new List<(ResourceStore, PodDisruptionBudget)>();
        if (!catalog.TryGet(PodDisruptionBudget.KubeGroup, PodDisruptionBudget.KubeVersion, "poddisruptionbudgets", out var budgets))
        {
            return found;
        }
        // Read what the store acknowledged so far (a budget's status may have been written just before).
        var revision = await store.GetCurrentRevisionAsync(cancellationToken);
        if (!await dispatcher.WaitForRevisionAsync(revision, TimeSpan.FromSeconds(3), cancellationToken))
        {
            throw ApiErrors.ServiceUnavailable("the watch cache is not ready; try again");
        }
        var budgetStore = stores[budgets];
        foreach (var item in budgetStore.Cache.List(new ListFilter(pod.Metadata.Namespace, Selector.Everything, KubeSharp.Api.Fields.Selector.Everything)))
        {
            var budget = (PodDisruptionBudget)item.Object;
            if (!budget.Spec.Selector.TryToSelector(out var selector, out _) || selector.IsEmpty || selector.MatchesNothing || !selector.Matches(pod.Metadata.Labels))
            {
                continue;
            }
            found.Add((budgetStore, budget));
        }
        return found;
    }

    /// <summary>upstream's checkAndDecrement, on the budget's current state in one guaranteed status update.</summary>
    private async Task CheckAndDecrementAsync(ResourceStore budgets, PodDisruptionBudget listed, string podName, bool dryRun, CancellationToken cancellationToken)
    {
        var budgetsResource = new GroupResource(PodDisruptionBudget.KubeGroup, "poddisruptionbudget");
        void Check(PodDisruptionBudget budget)
        {
            var name = budget.Metadata.Name;
            if (budget.Status.ObservedGeneration < budget.Metadata.Generation)
            {
                throw BudgetStillProcessing(name);
            }
            if (budget.Status.DisruptionsAllowed < 0)
            {
                throw ApiErrors.Forbidden(budgetsResource, name, "pdb disruptions allowed is negative");
            }
            if (budget.Status.DisruptedPods is { Count: > MaxDisruptedPods })
            {
                throw ApiErrors.Forbidden(budgetsResource, name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
            }
            if (budget.Status.DisruptionsAllowed == 0)
            {
                var error = ApiErrors.TooManyRequests(EvictionBlocked, 0);
                error.Status.Details!.Causes = [new StatusCause
                {
                    Reason = "DisruptionBudget",
                    Message = $"The disruption budget {name} needs {budget.Status.DesiredHealthy} healthy pods and has {budget.Status.CurrentHealthy} currently",
                }];
                throw error;
            }
        }
        if (dryRun)
        {
            Check(listed);
            return;
        }
        await budgets.GuaranteedUpdateAsync(listed.Metadata.Namespace, listed.Metadata.Name, current =>
        {
            if (current is not PodDisruptionBudget budget)
            {
                throw ApiErrors.NotFound(budgets.Resource.GroupResource, listed.Metadata.Name);
            }
            Check(budget);
            budget.Status.DisruptionsAllowed--;
            if (budget.Status.DisruptionsAllowed == 0)
            {
                DisruptionBudgetConditions.Update(budget, time.GetUtcNow());
            }
            (budget.Status.DisruptedPods ??= [])[podName] = Time.Now(time).Rfc3339Copy();
            return budget;
        }, dryRun: false, null, cancellationToken);
    }

    private static ApiStatusException BudgetStillProcessing(string name)
    {
        var error = ApiErrors.TooManyRequests(EvictionBlocked, 10);
        error.Status.Details!.Causes = [new StatusCause { Reason = "DisruptionBudget", Message = $"The disruption budget {name} is still being processed by the server." }];
        return error;
    }
}
