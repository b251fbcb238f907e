using KubeSharp.Api;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.ApiServer.Tables;

/// <summary>Collects one row's cells (and conditions); reused from row to row by <see cref="TableConvertor"/>.</summary>
internal sealed class TableRowBuilder
{
    private List<RawJson> _cells = [];

    public TableRowBuilder(TableClock clock) => Clock = clock;

    /// <summary>"Now", for ages.</summary>
    public TableClock Clock { get; }

    /// <summary>Row conditions (pods that completed); null for most rows.</summary>
    public List<TableRowCondition>? Conditions { get; set; }

    /// <summary>Starts a row that writes into <paramref name="cells"/>.</summary>
    public void Start(List<RawJson> cells)
    {
        _cells = cells;
        Conditions = null;
    }

    public void Add(RawJson cell) => _cells.Add(cell);

    public void String(string value) => _cells.Add(TableCell.String(value));

    public void Integer(long value) => _cells.Add(TableCell.Integer(value));

    public void Boolean(bool value) => _cells.Add(TableCell.Boolean(value));

    /// <summary>A JSON null cell.</summary>
    public void Null() => _cells.Add(TableCell.Null);

    /// <summary>The string, or <c>&lt;none&gt;</c> when empty.</summary>
    public void StringOrNone(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            _cells.Add(TableCell.None);
        }
        else
        {
            String(value);
        }
    }

    /// <summary>The age of <paramref name="time"/> (<c>&lt;unknown&gt;</c> for the zero time).</summary>
    public void Age(Time time)
    {
        if (time.IsZero)
        {
            _cells.Add(TableCell.Unknown);
        }
        else
        {
            String(Clock.Age(time));
        }
    }
}
