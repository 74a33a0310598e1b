using System.Text.RegularExpressions;

namespace NnPhys.Tests;

/// <summary>
/// The dependency rule of docs/architecture.md, checked on the source: the core folders form a stack (IO at the
/// bottom, then Numerics, Data, Architectures, Networks, Training, Runs, Plotting, Experiments — the shared autoencoder
/// training run and the bottleneck trajectory it records) and a folder may use only folders
/// below it; a paper folder (Kernels, Ensembles, FokkerPlanck, Dmft, Cosmology, Mup, Uat, Kan) may use the
/// whole core but no other paper folder, except that Cosmology and Ensembles may use Kernels; a presentation folder
/// (Interactive: notebook display, like the CLI) may use everything and nothing may use it. A reference is a
/// <c>using NnPhys.X</c> directive, a qualified <c>NnPhys.X.</c> name, or a relative <c>X.Type</c> name inside the
/// NnPhys namespace (comments and strings are ignored).
/// </summary>
public class ArchitectureRulesTests
{
    static readonly string[] Core = ["IO", "Numerics", "Data", "Architectures", "Networks", "Training", "Runs", "Plotting", "Experiments"];
    static readonly string[] Papers = ["Kernels", "Ensembles", "FokkerPlanck", "Dmft", "Cosmology", "Mup", "Uat", "Kan"];
    static readonly string[] Presentation = ["Interactive"];
    static readonly Dictionary<string, string[]> PaperExtras = new()
    {
        ["Cosmology"] = ["Kernels"],
        ["Ensembles"] = ["Kernels"],
    };

    /// <summary>
    /// Edges that break the rule today, each with the change that removes it. The test fails when a new violation
    /// appears, and also when a listed one disappears, so the list only shrinks.
    /// </summary>
    static readonly HashSet<string> KnownViolations = [];

    static bool Allowed(string from, string to)
    {
        if (Presentation.Contains(to)) return false;             // nothing builds on the presentation layer
        if (Presentation.Contains(from)) return true;
        int f = Array.IndexOf(Core, from), t = Array.IndexOf(Core, to);
        if (f >= 0) return t >= 0 && t < f;                      // core: only strictly lower core folders
        if (t >= 0) return true;                                 // paper → core
        return PaperExtras.TryGetValue(from, out var extras) && extras.Contains(to);
    }

    static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NnPhys.slnx"))) return Path.Combine(dir.FullName, "src", "NnPhys");
        throw new DirectoryNotFoundException("NnPhys.slnx not found above the test binaries.");
    }

    static SortedSet<string> Edges()
    {
        var root = SourceRoot();
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).Where(n => n is not ("bin" or "obj")).Cast<string>().ToArray();
        var edges = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var from in folders)
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, from), "*.cs", SearchOption.AllDirectories))
            {
                var code = Regex.Replace(File.ReadAllText(file), @"//.*|/\*[\s\S]*?\*/", "");
                code = Regex.Replace(code, @"@?""(?:\\.|[^""\\])*""", "\"\"");
                foreach (var to in folders)
                {
                    if (to == from) continue;
                    bool uses = Regex.IsMatch(code, $@"\busing\s+(static\s+)?NnPhys\.{to}\b") || Regex.IsMatch(code, $@"\bNnPhys\.{to}\.");
                    // relative X.Type (as in `Architectures.Activation` inside namespace NnPhys.Ensembles); "Data" and "IO"
                    // are also common member names (matrix.Data), so only their qualified and using forms count
                    if (!uses && to is not ("Data" or "IO")) uses = Regex.IsMatch(code, $@"(?<![\w.]){to}\.[A-Z]");
                    if (uses) edges.Add($"{from} -> {to}");
                }
            }
        return edges;
    }

    [Fact]
    public void NoFolderImportsAFolderAboveItOrAnotherPaper()
    {
        var edges = Edges();
        Assert.Contains("Networks -> Architectures", edges); // the scan sees real references
        var unknownFolders = edges.Select(e => e.Split(" -> ")[0]).Where(f => !Core.Contains(f) && !Papers.Contains(f) && !Presentation.Contains(f)).Distinct().ToList();
        Assert.True(unknownFolders.Count == 0, $"Folders without a place in the dependency rule: {string.Join(", ", unknownFolders)}; add them to docs/architecture.md and this test.");
        var violations = edges.Where(e => { var p = e.Split(" -> "); return !Allowed(p[0], p[1]); }).ToList();
        var fresh = violations.Where(v => !KnownViolations.Contains(v)).ToList();
        Assert.True(fresh.Count == 0, "Dependency rule broken (docs/architecture.md): " + string.Join("; ", fresh));
        var fixedOnes = KnownViolations.Where(v => !violations.Contains(v)).ToList();
        Assert.True(fixedOnes.Count == 0, "Fixed, remove from KnownViolations: " + string.Join("; ", fixedOnes));
    }

    [Fact]
    public void TheRuleItselfRejectsUpwardAndSidewaysEdges()
    {
        Assert.True(Allowed("Networks", "Architectures"));
        Assert.False(Allowed("Architectures", "Networks"));   // upward
        Assert.False(Allowed("IO", "Data"));                  // the old Data ↔ Runs cycle's shape
        Assert.False(Allowed("Dmft", "Ensembles"));           // paper → paper
        Assert.True(Allowed("Cosmology", "Kernels"));
        Assert.True(Allowed("Kernels", "Training"));
        Assert.True(Allowed("Interactive", "Ensembles"));
        Assert.False(Allowed("Runs", "Interactive"));
        Assert.True(Allowed("FokkerPlanck", "Experiments"));  // a paper analyses the shared training run
        Assert.False(Allowed("Experiments", "FokkerPlanck")); // the training run knows no paper
    }

    /// <summary>
    /// Inside FokkerPlanck/, the generic PDE part (Pde/: grids, fields, operators, the time loop, trackers, KPZ) must not use
    /// the bottleneck reproduction around it. Pde is a sub-namespace, so C# would resolve the parent's types without a
    /// using: the test looks for the names of the types declared in FokkerPlanck/*.cs and FokkerPlanck/Experiments/.
    /// </summary>
    [Fact]
    public void ThePdePartUsesNothingOfTheReproduction()
    {
        var folder = Path.Combine(SourceRoot(), "FokkerPlanck");
        var reproduction = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Pde{Path.DirectorySeparatorChar}"))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"^public\s+(?:static\s+|sealed\s+|readonly\s+|abstract\s+)*(?:partial\s+)?(?:class|record struct|record|struct|enum|interface)\s+(\w+)", RegexOptions.Multiline))
            .Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Contains("LayerEvolution", reproduction);    // the scan sees the reproduction's types
        var uses = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(folder, "Pde"), "*.cs"))
        {
            var code = Regex.Replace(File.ReadAllText(file), @"//.*|/\*[\s\S]*?\*/", "");
            code = Regex.Replace(code, @"@?""(?:\\.|[^""\\])*""", "\"\"");
            if (Regex.IsMatch(code, @"\bNnPhys\.(?!FokkerPlanck\.Pde\b)(FokkerPlanck|Experiments)\b")) uses.Add($"{Path.GetFileName(file)} -> a NnPhys.FokkerPlanck/Experiments namespace");
            foreach (Match m in Regex.Matches(code, @"\b[A-Z]\w*\b"))
                if (reproduction.Contains(m.Value)) uses.Add($"{Path.GetFileName(file)} -> {m.Value}");
        }
        Assert.True(uses.Count == 0, "FokkerPlanck/Pde must not use the reproduction: " + string.Join("; ", uses.Distinct()));
    }
}
