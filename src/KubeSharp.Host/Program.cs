using KubeSharp.Cli;

return await RootCommandFactory.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
