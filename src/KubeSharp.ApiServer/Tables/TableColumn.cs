using KubeSharp.Api.Meta.V1;

namespace KubeSharp.ApiServer.Tables;

/// <summary>One column of a printer, as upstream declares it (name, JSON type, format, description, priority).</summary>
internal sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority)
{
    /// <summary>The NAME column every printer starts with (<c>format: name</c>).</summary>
    public static TableColumn NameColumn { get; } = new("Name", "string", "name", ColumnDescriptions.Name, 0);

    /// <summary>The AGE column (a string cell).</summary>
    public static TableColumn AgeColumn { get; } = new("Age", "string", "", ColumnDescriptions.CreationTimestamp, 0);

    /// <summary>A string column.</summary>
    public static TableColumn Str(string name, string description, int priority = 0) => new(name, "string", "", description, priority);

    /// <summary>An integer column.</summary>
    public static TableColumn Int(string name, string description, int priority = 0) => new(name, "integer", "", description, priority);

    /// <summary>A boolean column.</summary>
    public static TableColumn Bool(string name, string description, int priority = 0) => new(name, "boolean", "", description, priority);

    /// <summary>"Names of each container in the template." (priority 1).</summary>
    public static TableColumn Containers { get; } = Str("Containers", ColumnDescriptions.Containers, 1);

    /// <summary>"Images referenced by each container in the template." (priority 1).</summary>
    public static TableColumn Images { get; } = Str("Images", ColumnDescriptions.Images, 1);

    /// <summary>A fresh API object (callers may change the Table they get).</summary>
    public TableColumnDefinition ToDefinition() => new()
    {
        Name = Name,
        Type = Type,
        Format = Format,
        Description = Description,
        Priority = Priority,
    };
}
