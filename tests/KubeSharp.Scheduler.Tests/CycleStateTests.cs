using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Tests;

public class CycleStateTests
{
    private sealed class Counter(int value) : IStateData
    {
        public int Value { get; set; } = value;

        public IStateData Clone() => new Counter(Value);
    }

    [Fact]
    public void Read_FindsKeysByValueNotOnlyByReference()
    {
        var state = new CycleState();
        state.Write("PreFilterNodeResourcesFit", "a");
        var sameText = new string("PreFilterNodeResourcesFit".AsSpan());
        ReferenceEquals(sameText, "PreFilterNodeResourcesFit").ShouldBeFalse();
        state.Read<string>(sameText).ShouldBe("a");

        state.Write(sameText, "b");
        state.Read<string>("PreFilterNodeResourcesFit").ShouldBe("b");
        state.Read<string>("other").ShouldBeNull();
        state.Read<Counter>("PreFilterNodeResourcesFit").ShouldBeNull();
    }

    [Fact]
    public void ManyKeys_DeleteAndClone()
    {
        var state = new CycleState();
        for (var i = 0; i < 20; i++)
        {
            state.Write("k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), new Counter(i));
        }

        state.Delete("k3");
        state.Delete("k3");
        state.Read<Counter>("k3").ShouldBeNull();
        state.Read<Counter>("k19")!.Value.ShouldBe(19);
        state.Read<Counter>("k4")!.Value.ShouldBe(4);

        var copy = state.Clone();
        copy.Read<Counter>("k5")!.Value = 50;
        copy.Write("new", new Counter(1));
        state.Read<Counter>("k5")!.Value.ShouldBe(5);
        state.Read<Counter>("new").ShouldBeNull();
        copy.Read<Counter>("k19")!.Value.ShouldBe(19);
        copy.Read<Counter>("k3").ShouldBeNull();
    }
}
