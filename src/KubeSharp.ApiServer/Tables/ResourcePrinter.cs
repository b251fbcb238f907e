namespace KubeSharp.ApiServer.Tables;

/// <summary>
/// Turns objects of one resource into Table rows: the column definitions and one function per row, as
/// upstream's <c>printers.TableHandler</c> registrations do. Rows always carry the wide (priority 1) cells:
/// the server generates wide tables and kubectl drops the columns it does not show.
/// </summary>
internal abstract class ResourcePrinter
{
    protected ResourcePrinter(params TableColumn[] columns) => Columns = columns;

    /// <summary>The column definitions, in cell order.</summary>
    public IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>Whether <c>noHeaders</c> is honoured (upstream's APIService convertor always sends the columns).</summary>
    public virtual bool HonoursNoHeaders => true;

    /// <summary>Whether an empty input gives <c>rows: null</c> (upstream's default convertor) instead of <c>[]</c>.</summary>
    public virtual bool NullRowsWhenEmpty => false;

    /// <summary>Whether this printer handles <paramref name="obj"/>'s type.</summary>
    public abstract bool CanPrint(object obj);

    /// <summary>Writes the cells of one object.</summary>
    public abstract void Print(object obj, TableRowBuilder row);

    /// <summary>
    /// The order of a list's rows when upstream sorts them (FlowSchemas); null keeps the input order.
    /// </summary>
    public virtual IComparer<object>? RowOrder => null;
}

/// <summary>A printer for one CLR type.</summary>
internal abstract class ResourcePrinter<T> : ResourcePrinter where T : class
{
    protected ResourcePrinter(params TableColumn[] columns)
        : base(columns)
    {
    }

    public sealed override bool CanPrint(object obj) => obj is T;

    public sealed override void Print(object obj, TableRowBuilder row) => Print((T)obj, row);

    /// <summary>Writes the cells of <paramref name="obj"/>.</summary>
    protected abstract void Print(T obj, TableRowBuilder row);
}
