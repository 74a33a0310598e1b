using NnPhys.Runs;
using Spectre.Console;

namespace NnPhys.Cli;

/// <summary>
/// Progress for long work on stderr: Spectre.Console bars when stderr is a terminal, plain occasional log lines when it
/// is not (CI, pipes), nothing with --quiet. Library code reports through <see cref="IProgress{T}"/> of
/// <see cref="ProgressTick"/>, so it never depends on the console.
/// </summary>
public static class ProgressDisplay
{
    static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>True when stderr is an interactive terminal.</summary>
    public static bool Interactive => !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;

    /// <summary>Writes a log line to stderr.</summary>
    public static void Log(string message) => Err.MarkupLine($"[grey]{Markup.Escape(message)}[/]");

    /// <summary>Runs <paramref name="work"/> with a progress bar named <paramref name="title"/> going from 0 to <paramref name="total"/>.</summary>
    public static async Task<T> RunAsync<T>(string title, double total, Func<IProgress<ProgressTick>, Task<T>> work)
    {
        if (!Interactive)
        {
            var lastLog = DateTime.MinValue;
            var plain = new SyncProgress(t =>
            {
                if ((DateTime.UtcNow - lastLog).TotalSeconds < 5 && t.Done < total) return;
                lastLog = DateTime.UtcNow;
                Console.Error.WriteLine($"{title}: {t.Done / total:P0}{(t.Status is null ? "" : " — " + t.Status)}");
            });
            return await work(plain);
        }
        T result = default!;
        await Err.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: total);
                var p = new SyncProgress(t =>
                {
                    task.Value = Math.Min(t.Done, total);
                    if (t.Status is not null) task.Description = Markup.Escape($"{title} — {t.Status}");
                });
                result = await work(p);
                task.Value = total;
            });
        return result;
    }

    /// <summary>An IProgress that calls back synchronously (Progress&lt;T&gt; would post to a thread pool and reorder).</summary>
    sealed class SyncProgress(Action<ProgressTick> onReport) : IProgress<ProgressTick>
    {
        public void Report(ProgressTick value) => onReport(value);
    }
}
