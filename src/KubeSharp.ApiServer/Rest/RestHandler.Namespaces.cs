using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer.Admission;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>
/// Upstream's namespace REST (pkg/registry/core/namespace/storage): the first DELETE sets deletionTimestamp and phase
/// Terminating (and the orphan/foregroundDeletion finalizers the options ask for) and answers 200 with the namespace;
/// a later DELETE removes it only once spec.finalizers is empty (metadata.finalizers then hold it as for any object).
/// <c>PUT namespaces/NAME/finalize</c> replaces metadata and spec (the namespace controller removes its
/// <c>kubernetes</c> finalizer there) and keeps the status; a Terminating namespace left without finalizers is deleted.
/// </summary>
public sealed partial class RestHandler
{
    private async Task<DeleteOutcome> DeleteNamespaceAsync(ResourceStore rs, CachedObject current, DeleteOptions options, bool dryRun, CancellationToken cancellationToken)
    {
        var ns = (Namespace)current.Object;
        if (ns.Metadata.DeletionTimestamp is null)
        {
            var (marked, _) = await rs.GuaranteedUpdateAsync("", ns.Metadata.Name, latest =>
            {
                if (latest is not Namespace existing)
                {
                    throw ApiErrors.NotFound(rs.Resource.GroupResource, ns.Metadata.Name);
                }
                CheckPreconditions(rs.Resource, existing, options);
                existing.Metadata.DeletionTimestamp ??= Api.Time.Now(time).Rfc3339Copy();
                existing.Status.Phase = NamespaceStrategy.PhaseTerminating;
                var finalizers = existing.Metadata.Finalizers ?? [];
                var orphan = options.OrphanDependents ?? (options.PropagationPolicy is { } orphanPolicy ? orphanPolicy == "Orphan" : finalizers.Contains("orphan"));
                var foreground = options.OrphanDependents is { } orphanDependents
                    ? !orphanDependents
                    : options.PropagationPolicy is { } foregroundPolicy ? foregroundPolicy == "Foreground" : finalizers.Contains("foregroundDeletion");
                var wanted = finalizers.Where(f => f is not ("orphan" or "foregroundDeletion")).ToList();
                if (orphan)
                {
                    wanted.Add("orphan");
                }
                if (foreground)
                {
                    wanted.Add("foregroundDeletion");
                }
                if (!wanted.SequenceEqual(finalizers))
                {
                    existing.Metadata.Finalizers = wanted;
                }
                return existing;
            }, dryRun, null, cancellationToken);
            return DeleteOutcome.Marked(marked);
        }
        // Deletion was asked for already: it completes when the namespace controller has finalized the namespace.
        if (ns.Spec.Finalizers is { Count: > 0 } || ns.Metadata.Finalizers is { Count: > 0 })
        {
            return DeleteOutcome.Marked(current);
        }
        return DeleteOutcome.Removed(await rs.DeleteAsync(current, dryRun, cancellationToken));
    }

    private async Task FinalizeNamespaceAsync(HttpContext context, RequestInfo info, ResourceStore rs, CancellationToken cancellationToken)
    {
        var resource = rs.Resource;
        if (info.Verb != "update")
        {
            throw ApiErrors.MethodNotSupported(new Api.Registry.GroupResource("", "namespaces/finalize"), info.Verb);
        }
        var dryRun = CheckWriteOptions(context, "UpdateOptions");
        var body = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes, cancellationToken);
        RequestBody.DecodeObject(context, resource, body, FieldValidation(context));
        var manager = FieldManager(context);
        var (result, _) = await rs.GuaranteedUpdateAsync("", info.Name, async current =>
        {
            if (current is not Namespace old)
            {
                throw ApiErrors.NotFound(resource.GroupResource, info.Name);
            }
            var decoded = RequestBody.DecodeObject(context, resource, body, "Ignore");
            CheckTypeMeta(resource, decoded);
            var ns = (Namespace)decoded;
            var meta = ns.Metadata;
            if (meta.Name.Length > 0 && meta.Name != info.Name)
            {
                throw ApiErrors.BadRequest($"the name of the object ({meta.Name}) does not match the name on the URL ({info.Name})");
            }
            meta.Name = info.Name;
            if (meta.ResourceVersion.Length == 0)
            {
                meta.ResourceVersion = old.Metadata.ResourceVersion;
            }
            meta.Uid = old.Metadata.Uid;
            meta.CreationTimestamp = old.Metadata.CreationTimestamp;
            meta.DeletionTimestamp = old.Metadata.DeletionTimestamp;
            meta.DeletionGracePeriodSeconds = old.Metadata.DeletionGracePeriodSeconds;
            resource.Strategy.Default(ns);
            NamespaceStrategy.PrepareForFinalize(ns, old);
            Patching.ManagedFieldsWriter.Track(resource.Storage, old, ns, manager, "finalize", time.GetUtcNow());
            var admission = new AdmissionAttributes
            {
                Operation = AdmissionOperation.Update,
                Resource = resource,
                Subresource = "finalize",
                Name = info.Name,
                Object = ns,
                OldObject = old,
                DryRun = dryRun,
            };
            await _admission.AdmitAsync(admission, cancellationToken);
            ThrowIfInvalid(resource, ns, NamespaceStrategy.ValidateFinalize(ns, old));
            await _admission.ValidateAsync(admission, cancellationToken);
            return ns;
        }, dryRun, null, cancellationToken);
        var final = result.Object.Metadata;
        if (!dryRun && final.DeletionTimestamp is not null && final.DeletionGracePeriodSeconds is null or 0 && final.Finalizers is not { Count: > 0 }
            && NamespaceStrategy.ShouldDeleteDuringUpdate(result.Object))
        {
            await rs.DeleteAsync(result, dryRun: false, cancellationToken);
        }
        await Responses.WriteBytesAsync(context, 200, result.JsonFor(resource), cancellationToken);
    }
}
