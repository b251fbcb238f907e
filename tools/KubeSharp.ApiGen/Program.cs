namespace KubeSharp.ApiGen;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("generator not written yet");
        return args.Length == 0 ? 1 : 1;
    }
}
