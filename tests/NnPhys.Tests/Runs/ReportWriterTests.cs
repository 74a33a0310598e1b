using NnPhys.Runs;

namespace NnPhys.Tests.Runs;

public class ReportWriterTests
{
    [Fact]
    public void BuildsTheExpectedMarkdown()
    {
        string markdown = new ReportWriter()
            .Heading("MNIST run")
            .Paragraph("Trained a width-512 network.")
            .Heading("Metrics", 2)
            .Table("metric", "value", [new("accuracy", 0.98765432), new("loss", 1.5e-7)])
            .Figure("figures/loss.png", "Training loss")
            .Code("nnphys train mnist --seed 1", "sh")
            .ToString();

        const string expected =
            "# MNIST run\n\n" +
            "Trained a width-512 network.\n\n" +
            "## Metrics\n\n" +
            "| metric | value |\n| --- | --- |\n| accuracy | 0.987654 |\n| loss | 1.5E-07 |\n\n" +
            "![Training loss](figures/loss.png)\n\n*Training loss*\n\n" +
            "```sh\nnnphys train mnist --seed 1\n```\n";
        Assert.Equal(expected, markdown);
    }

    [Fact]
    public void TableCells_AreEscaped_AndRowsMustMatchHeaders()
    {
        string markdown = new ReportWriter().Table(["a", "b"], [["x|y", "line1\nline2"]]).ToString();
        Assert.Equal("| a | b |\n| --- | --- |\n| x\\|y | line1 line2 |\n", markdown);
        Assert.Throws<ArgumentException>(() => new ReportWriter().Table(["a", "b"], [["only one"]]));
    }

    [Fact]
    public void Figures_MustBeRelative_AndBackslashesBecomeSlashes()
    {
        Assert.Throws<ArgumentException>(() => new ReportWriter().Figure("/tmp/x.png", "x"));
        Assert.Contains("(figures/a%20b.png)", new ReportWriter().Figure("figures\\a b.png", "c").ToString());
    }

    [Fact]
    public void Save_WritesTheFileAtomically()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("report.md");
        new ReportWriter().Heading("R").Save(path);
        Assert.Equal("# R\n", File.ReadAllText(path));
        Assert.Equal(["report.md"], dir.FileNames());
    }
}
