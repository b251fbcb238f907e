using System.Security.Cryptography;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Admission;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>Create, update, patch and delete.</summary>
public sealed partial class RestHandler
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private async Task CreateAsync(HttpContext context, RequestInfo info, ResourceStore rs, CancellationToken cancellationToken)
    {
        var resource = rs.Resource;
        var dryRun = CheckWriteOptions(context, "CreateOptions");
        IKubeMetaObject obj;
        using (var body = await RequestBody.ReadPooledAsync(context, options.MaxRequestBodyBytes, cancellationToken))
        {
            obj = RequestBody.DecodeObject(context, resource, body.Memory, FieldValidation(context));
        }
        CheckTypeMeta(resource, obj);
        obj = resource.ToStorage(obj);
        var meta = obj.Metadata;
        if (resource.Namespaced)
        {
            if (meta.Namespace.Length == 0)
            {
                meta.Namespace = info.Namespace;
            }
            else if (meta.Namespace != info.Namespace)
            {
                throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
        }
        else
        {
            meta.Namespace = "";
        }
        var admission = new AdmissionAttributes
        {
            Operation = AdmissionOperation.Create,
            Resource = resource,
            Namespace = meta.Namespace,
            Name = meta.Name,
            Object = obj,
            DryRun = dryRun,
        };
        if (meta.Name.Length == 0 && meta.GenerateName.Length > 0)
        {
            meta.Name = meta.GenerateName + RandomSuffix();
        }
        // System fields first, as upstream's BeforeCreate: strategies (Job selectors) use the uid.
        meta.Uid = Guid.NewGuid().ToString();
        resource.Strategy.PrepareForCreate(resource, obj);
        resource.Strategy.Default(obj);
        Patching.ManagedFieldsWriter.Track(resource.Storage, null, obj, FieldManager(context), "", time.GetUtcNow());
        await AdmitCreateAsync(admission, cancellationToken);
        // Write hooks (Service IP/port allocation) run before validation, as upstream's BeginCreate.
        await using var hooks = new HookScope(rs, dryRun);
        await hooks.BeginCreateAsync(obj, cancellationToken);
        var errors = resource.Strategy.ValidateCreate(resource, obj);
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(new GroupKindName(resource.Resource.Group, resource.Type.Kind, meta.Name), errors);
        }
        await _admission.ValidateAsync(admission, cancellationToken);
        var ttl = resource.GroupResource.Resource == "events" ? options.EventTtl : (TimeSpan?)null;
        var created = await rs.CreateAsync(obj, dryRun, ttl, cancellationToken);
        await hooks.CommitAsync(cancellationToken);
        await Responses.WriteBytesAsync(context, 201, created.JsonFor(resource), cancellationToken);
    }

    private async Task UpdateAsync(HttpContext context, RequestInfo info, ResourceStore rs, bool statusOnly, CancellationToken cancellationToken)
    {
        var dryRun = CheckWriteOptions(context, "UpdateOptions");
        using var body = await RequestBody.ReadPooledAsync(context, options.MaxRequestBodyBytes, cancellationToken);
        var fieldValidation = FieldValidation(context);
        // Decode once up front so bad bodies fail before any store access; the first attempt uses that object and
        // each retry decodes a fresh copy.
        IKubeMetaObject? first = RequestBody.DecodeObject(context, rs.Resource, body.Memory, fieldValidation);
        await ReplaceAsync(context, info, rs, statusOnly, dryRun, (_, _) =>
            {
                var decoded = first ?? RequestBody.DecodeObject(context, rs.Resource, body.Memory, "Ignore");
                first = null;
                return decoded;
            }, cancellationToken,
            fields: (FieldManager(context), time.GetUtcNow()));
    }

    /// <summary>The shared path of update and patch: <paramref name="produce"/> yields the new object for the current one
    /// (handed the attempt's current object, read only, and the watch cache's entry it came from, if any; called again
    /// on each attempt).</summary>
    private async Task ReplaceAsync(HttpContext context, RequestInfo info, ResourceStore rs, bool statusOnly, bool dryRun,
        Func<IKubeMetaObject?, CachedObject?, IKubeMetaObject> produce, CancellationToken cancellationToken, bool allowCreate = false, (string Manager, DateTimeOffset Now)? fields = null)
    {
        var resource = rs.Resource;
        await using var hooks = new HookScope(rs, dryRun);
        var (result, created) = await rs.GuaranteedUpdateSharedAsync(info.Namespace, info.Name, async (current, original) =>
        {
            // A pod's status write builds its object from the cache's pod, sharing the spec (which a status write
            // never changes) and copying the metadata. An update of a kind with no status, no write hooks and the
            // generic strategy (Leases, ConfigMaps, ...) only reads the current object (defaults, preparation and
            // managed fields change the new one; validation and admission read both). Every other write changes the
            // current object or lends its parts to the new one, so it works on a private copy, as upstream's cacher
            // hands out.
            var sharedPod = statusOnly && original is { Object: Pod };
            var readOnlyCurrent = !statusOnly && original is not null && original.Object is not IHasStatus && rs.Hooks is null
                && ReferenceEquals(resource.Strategy, GenericStrategy.Instance);
            if (original is not null && !sharedPod && !readOnlyCurrent)
            {
                current = ((IDeepCopyable<IKubeMetaObject>)original.Object).DeepCopy();
            }
            var obj = produce(current, original);
            CheckTypeMeta(resource, obj);
            obj = resource.ToStorage(obj);
            var meta = obj.Metadata;
            if (meta.Name.Length > 0 && meta.Name != info.Name)
            {
                throw ApiErrors.BadRequest($"the name of the object ({meta.Name}) does not match the name on the URL ({info.Name})");
            }
            meta.Name = info.Name;
            if (resource.Namespaced)
            {
                if (meta.Namespace.Length > 0 && meta.Namespace != info.Namespace)
                {
                    throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
                }
                meta.Namespace = info.Namespace;
            }
            if (current is not null && meta.ResourceVersion.Length == 0)
            {
                // An unconditional update applies to the current version (upstream's AllowUnconditionalUpdate).
                meta.ResourceVersion = current.Metadata.ResourceVersion;
            }
            if (current is null)
            {
                if (!(resource.Strategy.AllowCreateOnUpdate || allowCreate) || statusOnly)
                {
                    throw ApiErrors.NotFound(resource.GroupResource, info.Name);
                }
                // A write that creates is admitted as a create.
                var createAdmission = new AdmissionAttributes
                {
                    Operation = AdmissionOperation.Create,
                    Resource = resource,
                    Namespace = info.Namespace,
                    Name = info.Name,
                    Object = obj,
                    DryRun = dryRun,
                };
                meta.Uid = Guid.NewGuid().ToString();
                resource.Strategy.PrepareForCreate(resource, obj);
                resource.Strategy.Default(obj);
                if (fields is { } f)
                {
                    Patching.ManagedFieldsWriter.Track(resource.Storage, null, obj, f.Manager, "", f.Now);
                }
                await AdmitCreateAsync(createAdmission, cancellationToken);
                await hooks.BeginCreateAsync(obj, cancellationToken);
                ThrowIfInvalid(resource, obj, resource.Strategy.ValidateCreate(resource, obj));
                await _admission.ValidateAsync(createAdmission, cancellationToken);
                return obj;
            }
            IKubeMetaObject? currentSnapshot = null;
            if (statusOnly)
            {
                // The status endpoint changes status only: everything else comes from the current object.
                // The old object (admission, validation) and its JSON (the managed-fields comparison) are the watch
                // cache's unchanged entry when the private copy came from there, read only; else one encoding of the
                // live object serves both (a copy, or the decoded snapshot of a type without DeepCopy).
                byte[] currentJson;
                if (original is not null)
                {
                    currentJson = original.Json;
                    currentSnapshot = original.Object;
                    if (sharedPod)
                    {
                        var pod = ((Pod)original.Object).ShallowCopy();
                        pod.Metadata = pod.Metadata.ShallowCopy();
                        current = pod;
                    }
                }
                else
                {
                    currentJson = CachedObject.Encode(resource.Storage, current);
                    currentSnapshot = current is IDeepCopyable<IKubeMetaObject> copyable
                        ? copyable.DeepCopy()
                        : (IKubeMetaObject)KubeJson.Deserialize(resource.Storage.Type, currentJson);
                }
                if (current is IHasStatus currentStatus && obj is IHasStatus newStatus)
                {
                    currentStatus.CopyStatusFrom(newStatus);
                }
                current.Metadata.ResourceVersion = meta.ResourceVersion;
                obj = current;
                if (fields is { } f)
                {
                    Patching.ManagedFieldsWriter.TrackEncoded(resource.Storage, currentJson, obj, f.Manager, "status", f.Now);
                }
            }
            else
            {
                // Fields the server owns: identity and creation time never change through an update.
                meta.Uid = current.Metadata.Uid;
                meta.CreationTimestamp = current.Metadata.CreationTimestamp;
                meta.DeletionTimestamp = current.Metadata.DeletionTimestamp;
                meta.DeletionGracePeriodSeconds = current.Metadata.DeletionGracePeriodSeconds;
                // Defaults first, as upstream's decoding applies them before the strategy compares specs.
                resource.Strategy.Default(obj);
                resource.Strategy.PrepareForUpdate(resource, obj, current);
                if (fields is { } f)
                {
                    Patching.ManagedFieldsWriter.Track(resource.Storage, current, obj, f.Manager, "", f.Now);
                }
            }
            var updateAdmission = new AdmissionAttributes
            {
                Operation = AdmissionOperation.Update,
                Resource = resource,
                Subresource = statusOnly ? "status" : "",
                Namespace = info.Namespace,
                Name = info.Name,
                Object = obj,
                OldObject = statusOnly ? currentSnapshot : current,
                DryRun = dryRun,
            };
            await _admission.AdmitAsync(updateAdmission, cancellationToken);
            if (!statusOnly)
            {
                await hooks.BeginUpdateAsync(obj, current, cancellationToken);
            }
            ThrowIfInvalid(resource, obj, statusOnly
                ? resource.Strategy.ValidateStatusUpdate(resource, obj, currentSnapshot!)
                : resource.Strategy.ValidateUpdate(resource, obj, current));
            await _admission.ValidateAsync(updateAdmission, cancellationToken);
            return obj;
        }, dryRun, null, cancellationToken);
        await hooks.CommitAsync(cancellationToken);

        // An object being deleted goes away once its last finalizer is removed.
        var final = result.Object.Metadata;
        if (!dryRun && final.DeletionTimestamp is not null && final.DeletionGracePeriodSeconds is null or 0 && final.Finalizers is not { Count: > 0 }
            && NamespaceStrategy.ShouldDeleteDuringUpdate(result.Object))
        {
            await rs.DeleteAsync(result, dryRun: false, cancellationToken);
        }
        await Responses.WriteBytesAsync(context, created ? 201 : 200, result.JsonFor(resource), cancellationToken);
    }

    /// <summary>The writing field manager: the fieldManager parameter, else the user agent's prefix.</summary>
    private static string FieldManager(HttpContext context)
        => Patching.ManagedFieldsWriter.ManagerOrUserAgent(Query(context, "fieldManager"), context.Request.Headers.UserAgent.ToString());

    private async Task DeleteAsync(HttpContext context, RequestInfo info, ResourceStore rs, CancellationToken cancellationToken)
    {
        var deleteOptions = await ReadDeleteOptionsAsync(context, cancellationToken);
        var dryRun = deleteOptions.DryRun is { Count: > 0 };
        var current = await rs.GetAsync(info.Namespace, info.Name, cancellationToken);
        CheckPreconditions(rs.Resource, current, deleteOptions);
        var outcome = await DeleteOneAsync(rs, current, deleteOptions, dryRun, admit: true, cancellationToken);
        // Upstream's DeleteResource: 202 only when the object stays and the client asked for cascading deletion with
        // orphanDependents=false (kept for old clients); otherwise 200, also for graceful and finalizer-held deletions.
        var code = !outcome.Deleted && deleteOptions.OrphanDependents == false ? 202 : 200;
        if (outcome.Finalized && !rs.Resource.ReturnsDeletedObject)
        {
            var meta = outcome.Object.Object.Metadata;
            await Responses.WriteAsync(context, code, ApiErrors.Success(rs.Resource.Resource.GroupResource, meta.Name, meta.Uid), cancellationToken);
            return;
        }
        await Responses.WriteBytesAsync(context, code, outcome.Object.JsonFor(rs.Resource), cancellationToken);
    }

    /// <summary>Upstream's Store.DeleteCollection: deletes every object the list options select (each as a single
    /// delete with its own copy of the options; ones gone or changed meanwhile are skipped) and answers with the list
    /// of the objects as they were listed.</summary>
    private async Task DeleteCollectionAsync(HttpContext context, RequestInfo info, ResourceStore rs, CancellationToken cancellationToken)
    {
        var deleteOptions = await ReadDeleteOptionsAsync(context, cancellationToken);
        var dryRun = deleteOptions.DryRun is { Count: > 0 };
        var filter = Filter(context, info);
        var listOptions = ListOptions.Parse(context, watch: false).Validated();
        var page = await ListFromCacheAsync(rs, filter, listOptions.ResourceVersion, cancellationToken);
        foreach (var item in page.Items)
        {
            try
            {
                await DeleteOneAsync(rs, item, deleteOptions.DeepCopy(), dryRun, admit: true, cancellationToken);
            }
            catch (ApiStatusException e) when (e.Status.Code is 404 or 409)
            {
                // Deleted or changed meanwhile: deletecollection is best effort per item, as upstream.
            }
        }
        await WriteListAsync(context, rs, page with { FromCache = false }, cancellationToken);
    }

    /// <summary>What deleting one object did, as upstream's Store.Delete reports it: the object (as removed, or as
    /// marked for deletion), whether it is gone (<see cref="Deleted"/>), and whether the answer is upstream's
    /// finalizeDelete (<see cref="Finalized"/>: a Success Status for stores without ReturnDeletedObject) rather than
    /// the object as updated for a pending deletion.</summary>
    private readonly record struct DeleteOutcome(CachedObject Object, bool Deleted, bool Finalized)
    {
        public static DeleteOutcome Removed(CachedObject obj) => new(obj, true, true);

        public static DeleteOutcome Marked(CachedObject obj) => new(obj, false, false);

        public static DeleteOutcome AlreadyPending(CachedObject obj) => new(obj, false, true);
    }

    /// <summary>Deletes now, or marks for deletion when finalizers (or foreground/orphan propagation) must run first.
    /// <paramref name="admit"/> is false where upstream deletes through the store directly (an eviction was admitted
    /// as the create of pods/eviction).</summary>
    private async Task<DeleteOutcome> DeleteOneAsync(ResourceStore rs, CachedObject current, DeleteOptions deleteOptions, bool dryRun, bool admit,
        CancellationToken cancellationToken)
    {
        if (admit)
        {
            var admission = new AdmissionAttributes
            {
                Operation = AdmissionOperation.Delete,
                Resource = rs.Resource,
                Namespace = current.Object.Metadata.Namespace,
                Name = current.Object.Metadata.Name,
                OldObject = current.Object,
                DryRun = dryRun,
            };
            await _admission.AdmitAsync(admission, cancellationToken);
            await _admission.ValidateAsync(admission, cancellationToken);
        }
        if (rs.Resource.Strategy is NamespaceStrategy)
        {
            return await DeleteNamespaceAsync(rs, current, deleteOptions, dryRun, cancellationToken);
        }
        if (rs.Resource.Strategy is IGracefulDeleteStrategy graceful)
        {
            return await DeleteGracefullyAsync(rs, current, deleteOptions, graceful, dryRun, cancellationToken);
        }
        var finalizers = current.Object.Metadata.Finalizers ?? [];
        var add = deleteOptions.PropagationPolicy switch
        {
            "Foreground" => "foregroundDeletion",
            "Orphan" => "orphan",
            _ => deleteOptions.OrphanDependents == true ? "orphan" : null,
        };
        if (finalizers.Count == 0 && add is null)
        {
            // A write racing the delete is not the client's conflict: like upstream's storage Delete, re-read, check
            // the preconditions again and retry.
            try
            {
                return DeleteOutcome.Removed(await rs.DeleteAsync(current, dryRun, cancellationToken));
            }
            catch (ApiStatusException e) when (e.Status.Code == 409)
            {
                var meta = current.Object.Metadata;
                return DeleteOutcome.Removed(await DeleteNowAsync(rs, meta.Namespace, meta.Name, deleteOptions, dryRun, null, cancellationToken));
            }
        }
        if (current.Object.Metadata.DeletionTimestamp is not null && (add is null || finalizers.Contains(add)))
        {
            // Upstream marks it again (a no-op write) and answers with the object as it stands.
            return DeleteOutcome.Marked(current);
        }
        var (marked, _) = await rs.GuaranteedUpdateAsync(current.Object.Metadata.Namespace, current.Object.Metadata.Name, latest =>
        {
            if (latest is null)
            {
                throw ApiErrors.NotFound(rs.Resource.GroupResource, current.Object.Metadata.Name);
            }
            var meta = latest.Metadata;
            GenerationRules.OnMarkedForDeletion(latest);
            meta.DeletionTimestamp ??= Api.Time.Now(time).Rfc3339Copy();
            meta.DeletionGracePeriodSeconds ??= 0;
            if (add is not null)
            {
                meta.Finalizers ??= [];
                if (!meta.Finalizers.Contains(add))
                {
                    meta.Finalizers.Add(add);
                }
            }
            return latest;
        }, dryRun, null, cancellationToken);
        return DeleteOutcome.Marked(marked);
    }

    private async Task<DeleteOptions> ReadDeleteOptionsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes, cancellationToken);
        DeleteOptions deleteOptions;
        if (body.Length == 0)
        {
            deleteOptions = DeleteOptionsFromQuery(context);
            CheckDeleteOptions(deleteOptions);
            return deleteOptions;
        }
        if (RequestBody.MediaType(context) == Api.Protobuf.KubeProtobuf.ContentType)
        {
            deleteOptions = Api.Protobuf.KubeProtobuf.Decode<DeleteOptions>(body);
        }
        else
        {
            try
            {
                deleteOptions = KubeJson.Deserialize<DeleteOptions>(body);
            }
            catch (JsonDecodeException e)
            {
                throw ApiErrors.BadRequest(e.Message);
            }
        }
        CheckDeleteOptions(deleteOptions);
        return deleteOptions;
    }

    /// <summary>DeleteOptions given as query parameters (a delete without a body): dryRun, gracePeriodSeconds,
    /// propagationPolicy, orphanDependents.</summary>
    private static DeleteOptions DeleteOptionsFromQuery(HttpContext context)
    {
        var deleteOptions = new DeleteOptions();
        if (context.Request.Query["dryRun"] is { Count: > 0 } dryRun)
        {
            deleteOptions.DryRun = [.. dryRun.Select(v => v ?? "")];
        }
        if (Query(context, "gracePeriodSeconds") is { Length: > 0 } grace)
        {
            deleteOptions.GracePeriodSeconds = long.TryParse(grace, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : throw ApiErrors.BadRequest($"strconv.ParseInt: parsing {Patching.GoFmt.Quote(grace)}: invalid syntax");
        }
        if (Query(context, "propagationPolicy") is { Length: > 0 } policy)
        {
            deleteOptions.PropagationPolicy = policy;
        }
        if (Query(context, "orphanDependents") is { Length: > 0 } orphan)
        {
            deleteOptions.OrphanDependents = orphan switch
            {
                "true" or "1" or "t" or "T" or "TRUE" or "True" => true,
                "false" or "0" or "f" or "F" or "FALSE" or "False" => false,
                _ => throw ApiErrors.BadRequest($"strconv.ParseBool: parsing {Patching.GoFmt.Quote(orphan)}: invalid syntax"),
            };
        }
        return deleteOptions;
    }

    private static void CheckPreconditions(ResourceDefinition resource, CachedObject current, DeleteOptions deleteOptions)
    {
        if (deleteOptions.Preconditions is { } preconditions)
        {
            var meta = current.Object.Metadata;
            if (preconditions.Uid is { Length: > 0 } uid && uid != meta.Uid)
            {
                throw ApiErrors.Conflict(resource.GroupResource, meta.Name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {meta.Uid}");
            }
            if (preconditions.ResourceVersion is { Length: > 0 } rv && rv != meta.ResourceVersion)
            {
                throw ApiErrors.Conflict(resource.GroupResource, meta.Name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {meta.ResourceVersion}");
            }
        }
    }

    private static void ThrowIfInvalid(ResourceDefinition resource, IKubeMetaObject obj, Api.Validation.FieldErrorList errors)
    {
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(new GroupKindName(resource.Resource.Group, resource.Type.Kind, obj.Metadata.Name), errors);
        }
    }

    /// <summary>apiVersion and kind, when given, must be the resource's; when absent they are filled in.</summary>
    private static void CheckTypeMeta(ResourceDefinition resource, IKubeMetaObject obj)
    {
        if ((obj.Kind.Length > 0 && obj.Kind != resource.Type.Kind) || (obj.ApiVersion.Length > 0 && obj.ApiVersion != resource.Type.ApiVersion))
        {
            throw ApiErrors.BadRequest($"the API version in the data ({obj.ApiVersion}) does not match the expected API version ({resource.Type.ApiVersion})"
                + (obj.Kind != resource.Type.Kind ? $", or the kind ({obj.Kind}) does not match the expected kind ({resource.Type.Kind})" : ""));
        }
        obj.ApiVersion = resource.Type.ApiVersion;
        obj.Kind = resource.Type.Kind;
    }

    /// <summary>Mutating admission of a create; a changed object is prepared again (a pod's QoS class follows the
    /// resources LimitRanger filled in), as upstream prepares the object after admission.</summary>
    private async ValueTask AdmitCreateAsync(AdmissionAttributes admission, CancellationToken cancellationToken)
    {
        await _admission.AdmitAsync(admission, cancellationToken);
        if (admission.Mutated)
        {
            admission.Resource.Strategy.PrepareForCreate(admission.Resource, admission.Object!);
        }
    }

    private static string RandomSuffix()
    {
        Span<char> chars = stackalloc char[5];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = GenerateNameAlphabet[RandomNumberGenerator.GetInt32(GenerateNameAlphabet.Length)];
        }
        return new string(chars);
    }
}
