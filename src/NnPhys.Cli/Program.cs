using NnPhys.Cli.Commands;
using System.CommandLine;

namespace NnPhys.Cli;

/// <summary>The <c>nnphys</c> program: parses options and calls the library. One file per command group in Commands/.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args);

    /// <summary>
    /// Parses and runs <paramref name="args"/>. Anything the parser rejects (unknown option, a value that is not a
    /// number or is out of the type's range, a missing argument) is reported like every other bad input: one line
    /// <c>nnphys: error: …</c> on stderr and exit code 2. Help and version requests are printed as usual.
    /// </summary>
    public static int Run(string[] args)
    {
        ParseResult parse = BuildRoot().Parse(args);
        if (parse.Errors.Count == 0) return parse.Invoke();
        string command = string.Join(' ', CommandPath(parse.CommandResult));
        string messages = string.Join("; ", parse.Errors.Select(e => e.Message.TrimEnd('.')).Distinct());
        Console.Error.WriteLine($"nnphys: error: {messages}. See `{command} --help`.");
        return 2;
    }

    static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new Stack<string>();
        for (var r = result; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Push(r.Command is RootCommand ? "nnphys" : r.Command.Name);
        return names;
    }

    /// <summary>The root command with every subcommand registered (also used by tests).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("nnphys: the physics of neural networks — train networks, then explain their training and statistics with statistical physics and field theory.");
        root.Options.Add(CommonOptions.Json);
        root.Subcommands.Add(DataCommands.Create());
        root.Subcommands.Add(ReproduceCommands.Create());
        root.Subcommands.Add(TrainCommands.Create());
        root.Subcommands.Add(EnsembleCommands.Create());
        root.Subcommands.Add(KernelCommands.Create());
        root.Subcommands.Add(DmftCommands.Create());
        root.Subcommands.Add(CosmologyCommands.Create());
        root.Subcommands.Add(MupCommands.Create());
        root.Subcommands.Add(UatCommands.Create());
        root.Subcommands.Add(KanCommands.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }
}
