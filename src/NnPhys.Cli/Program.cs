using NnPhys.Cli.Commands;
using System.CommandLine;

namespace NnPhys.Cli;

/// <summary>The <c>nnphys</c> program: parses options and calls the library. One file per command group in Commands/.</summary>
public static class Program
{
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    /// <summary>The root command with every subcommand registered (also used by tests).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("nnphys: the physics of neural networks — train networks, then explain their training and statistics with statistical physics and field theory.");
        root.Options.Add(CommonOptions.Json);
        root.Subcommands.Add(DataCommands.Create());
        root.Subcommands.Add(ReproduceCommands.Create());
        root.Subcommands.Add(TrainCommands.Create());
        root.Subcommands.Add(EnsembleCommands.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(MupCommands.Create());
        root.Subcommands.Add(UatCommands.Create());
        root.Subcommands.Add(KanCommands.Create());
        return root;
    }
}
