namespace KubeSharp.ApiServer.Patching;

/// <summary>Upstream's apply conflict error (<c>NewConflictError</c>): 409 Conflict with FieldManagerConflict causes.</summary>
internal static class ApplyConflict
{
    public const string CauseType = "FieldManagerConflict";

    public static PatchError Error(IReadOnlyList<(ManagedFieldsEntry Entry, FieldSet Conflicts)> conflicts)
    {
        var flat = conflicts.SelectMany(c => c.Conflicts.Ordered().Select(p => (c.Entry, Path: p))).ToList();
        var causes = flat.Select(c => new PatchErrorCause(CauseType, "conflict with " + c.Entry.Printed, c.Path.ToString())).ToList();
        string message;
        if (flat.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {flat[0].Entry.Printed}: {flat[0].Path}";
        }
        else
        {
            var lines = new List<string>();
            foreach (var group in flat.GroupBy(c => c.Entry.Printed).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                lines.Add($"conflicts with {group.Key}:");
                lines.AddRange(group.Select(c => $"- {c.Path}"));
            }
            message = $"Apply failed with {flat.Count} conflicts: {string.Join("\n", lines)}";
        }
        return new PatchError { Code = 409, Reason = "Conflict", Message = message, Detail = message, Causes = causes };
    }
}
