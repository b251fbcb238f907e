using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Batch;

/// <summary>upstream's CronJob rules (<c>ValidateCronJobCreate</c>, <c>ValidateCronJobUpdate</c>).</summary>
public static class CronJobValidation
{
    /// <summary>upstream <c>ValidateCronJobCreate</c>: names are at most 52 characters.</summary>
    public static FieldErrorList Validate(CronJob cronJob, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(cronJob);
        var errors = ObjectMetaValidation.Validate(cronJob.Metadata, true, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata"));
        Spec(errors, cronJob.Spec, null, FieldPath.Root("spec"), options);
        if (cronJob.Metadata.Name.Length > 52)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("metadata").Child("name"), cronJob.Metadata.Name, "must be no more than 52 characters"));
        }

        return errors;
    }

    /// <summary>upstream <c>ValidateCronJobUpdate</c>.</summary>
    public static FieldErrorList ValidateUpdate(CronJob cronJob, CronJob old, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(cronJob);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(cronJob.Metadata, old.Metadata, FieldPath.Root("metadata"));
        Spec(errors, cronJob.Spec, old.Spec, FieldPath.Root("spec"), options);
        return errors;
    }

    /// <summary>The CronJob status update: metadata rules only.</summary>
    public static FieldErrorList ValidateStatusUpdate(CronJob cronJob, CronJob old)
    {
        ArgumentNullException.ThrowIfNull(cronJob);
        ArgumentNullException.ThrowIfNull(old);
        return ObjectMetaValidation.ValidateUpdate(cronJob.Metadata, old.Metadata, FieldPath.Root("metadata"));
    }

    private static void Spec(FieldErrorList errors, CronJobSpec spec, CronJobSpec? old, FieldPath path, ValidationOptions options)
    {
        var schedulePath = path.Child("schedule");
        if (spec.Schedule.Length == 0)
        {
            errors.Add(FieldError.Required(schedulePath, string.Empty));
        }
        else
        {
            var allowTz = old is not null && old.Schedule.Contains("TZ", StringComparison.Ordinal);
            if (CronSchedule.Validate(spec.Schedule) is { } error)
            {
                errors.Add(FieldError.Invalid(schedulePath, spec.Schedule, error));
            }

            if (allowTz && spec.Schedule.Contains("TZ", StringComparison.Ordinal) && spec.TimeZone is not null)
            {
                errors.Add(FieldError.Invalid(schedulePath, spec.Schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
            }
            else if (!allowTz && spec.Schedule.Contains("TZ", StringComparison.Ordinal))
            {
                errors.Add(FieldError.Invalid(schedulePath, spec.Schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
        }

        if (spec.StartingDeadlineSeconds is { } sds)
        {
            CommonValidation.NonNegative(errors, sds, path.Child("startingDeadlineSeconds"));
        }

        if (old is null || old.TimeZone != spec.TimeZone)
        {
            TimeZone(errors, spec.TimeZone, path.Child("timeZone"));
        }

        switch (spec.ConcurrencyPolicy)
        {
            case "Allow":
            case "Forbid":
            case "Replace":
                break;
            case "":
                errors.Add(FieldError.Required(path.Child("concurrencyPolicy"), string.Empty));
                break;
            default:
                errors.Add(FieldError.NotSupported(path.Child("concurrencyPolicy"), spec.ConcurrencyPolicy, ["Allow", "Forbid", "Replace"]));
                break;
        }

        var templatePath = path.Child("jobTemplate");
        errors.AddRange(JobValidation.SpecWithoutSelector(spec.JobTemplate.Spec, templatePath.Child("spec"), options));
        if (spec.JobTemplate.Spec.Selector is { } selector)
        {
            errors.Add(FieldError.Invalid(templatePath.Child("spec", "selector"), GoSyntax.LabelSelectorValue(selector), "`selector` will be auto-generated"));
        }

        if (spec.JobTemplate.Spec.ManualSelector == true)
        {
            errors.Add(FieldError.NotSupported(templatePath.Child("spec", "manualSelector"), true, ["nil", "false"]));
        }

        if (spec.SuccessfulJobsHistoryLimit is { } successful)
        {
            CommonValidation.NonNegative(errors, successful, path.Child("successfulJobsHistoryLimit"));
        }

        if (spec.FailedJobsHistoryLimit is { } failed)
        {
            CommonValidation.NonNegative(errors, failed, path.Child("failedJobsHistoryLimit"));
        }
    }

    /// <summary>upstream <c>validateTimeZone</c>.</summary>
    private static void TimeZone(FieldErrorList errors, string? timeZone, FieldPath path)
    {
        if (timeZone is null)
        {
            return;
        }

        if (timeZone.Length == 0)
        {
            errors.Add(FieldError.Invalid(path, timeZone, "timeZone must be nil or non-empty string"));
            return;
        }

        foreach (var part in timeZone.Split('/'))
        {
            if (part is "." or ".." || part.StartsWith('-') || !TimeZones.ValidCharacters().IsMatch(part))
            {
                errors.Add(FieldError.Invalid(path, timeZone, "unknown time zone " + timeZone));
                return;
            }
        }

        if (string.Equals(timeZone, "Local", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(FieldError.Invalid(path, timeZone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
        }

        if (TimeZones.LoadLocationError(timeZone) is { } error)
        {
            errors.Add(FieldError.Invalid(path, timeZone, error));
        }
    }
}
