using KubeSharp.Cli;

return await RootCommandFactory.RunAsync(args).ConfigureAwait(false);
