using KubeSharp.Api;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Registry;
using GroupResource = KubeSharp.Api.Registry.GroupResource;

namespace KubeSharp.ApiServer.Tables;

/// <summary>
/// Server-side Table conversion: what <c>kubectl get</c> prints. Each resource gets upstream's columns and
/// cells (pods: NAME, READY, STATUS, RESTARTS, AGE, and the wide IP, NODE, NOMINATED NODE, READINESS GATES;
/// and so on); resources without a printer get upstream's default convertor (NAME, CREATED AT).
/// </summary>
/// <remarks>
/// Rows always carry the wide (priority 1) cells, as upstream's server does. Ages come from
/// <see cref="TimeProvider"/>, read once per call. Reading an object may materialize the model's lazily created
/// nested structs (non-pointer Go structs); nothing else is changed.
/// </remarks>
public static class TableConvertor
{
    /// <summary>The apiVersion of Table and PartialObjectMetadata: <c>meta.k8s.io/v1</c>.</summary>
    public const string MetaV1ApiVersion = "meta.k8s.io/v1";

    /// <summary>
    /// Converts the items of a list (typed API objects, e.g. <c>KubeSharp.Api.Core.V1.Pod</c>) into a Table, with
    /// the list's resourceVersion, continue and remainingItemCount taken from <paramref name="options"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An object has no metadata, or (with <see cref="TableIncludeObject.Object"/>) is not an API type.</exception>
    public static Table Convert(GroupResource resource, IReadOnlyList<object> objects, TableConvertOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);

        var printer = ChoosePrinter(resource, objects);
        var table = new Table { Kind = "Table", ApiVersion = options.ApiVersion };
        table.Metadata.ResourceVersion = options.ResourceVersion ?? "";
        table.Metadata.Continue = options.Continue ?? "";
        table.Metadata.RemainingItemCount = options.RemainingItemCount;
        if (!options.NoHeaders || !printer.HonoursNoHeaders)
        {
            var columns = printer.Columns;
            var definitions = new List<TableColumnDefinition>(columns.Count);
            for (var i = 0; i < columns.Count; i++)
            {
                definitions.Add(columns[i].ToDefinition());
            }
            table.ColumnDefinitions = definitions;
        }
        if (objects.Count == 0)
        {
            table.Rows = printer.NullRowsWhenEmpty ? null : [];
            return table;
        }

        var rows = new List<TableRow>(objects.Count);
        var builder = new TableRowBuilder(new TableClock(clock.GetUtcNow()));
        using var encoder = new RowObjectEncoder(options.IncludeObject, options.ApiVersion);
        var cellCount = printer.Columns.Count;
        var order = Order(printer, objects);
        for (var i = 0; i < objects.Count; i++)
        {
            var obj = objects[order is null ? i : order[i]];
            var cells = new List<RawJson>(cellCount);
            builder.Start(cells);
            printer.Print(obj, builder);
            rows.Add(new TableRow
            {
                Cells = cells,
                Conditions = builder.Conditions,
                Object = encoder.Encode(options.RowObject is { } rowObject ? rowObject(obj) : obj),
            });
        }
        table.Rows = rows;
        return table;
    }

    /// <summary>
    /// Converts one object (a GET of a single name): a Table of one row whose resourceVersion is the object's
    /// unless <see cref="TableConvertOptions.ResourceVersion"/> is set.
    /// </summary>
    public static Table Convert(GroupResource resource, object obj, TableConvertOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ResourceVersion is null && obj is IKubeMetaObject meta)
        {
            options = options with { ResourceVersion = meta.Metadata.ResourceVersion };
        }
        return Convert(resource, [obj], options, clock);
    }

    /// <summary>Whether <paramref name="resource"/> has its own columns (otherwise NAME and CREATED AT).</summary>
    public static bool HasPrinter(GroupResource resource) => PrinterRegistry.Find(resource) is not null;

    private static ResourcePrinter ChoosePrinter(GroupResource resource, IReadOnlyList<object> objects)
    {
        var printer = PrinterRegistry.Find(resource);
        if (printer is null)
        {
            return DefaultPrinter.Instance;
        }
        for (var i = 0; i < objects.Count; i++)
        {
            if (!printer.CanPrint(objects[i]))
            {
                return DefaultPrinter.Instance;
            }
        }
        return printer;
    }

    private static int[]? Order(ResourcePrinter printer, IReadOnlyList<object> objects)
    {
        if (printer.RowOrder is not { } comparer || objects.Count < 2)
        {
            return null;
        }
        var order = new int[objects.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        // Stable: equal rows keep the list's order.
        Array.Sort(order, (a, b) =>
        {
            var c = comparer.Compare(objects[a], objects[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }
}
