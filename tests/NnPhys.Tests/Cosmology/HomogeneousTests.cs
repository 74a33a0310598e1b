using NnPhys.Cosmology;
using Xunit.Abstractions;

namespace NnPhys.Tests.Cosmology;

public class HomogeneousTests(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        foreach (var (act, p) in new[] { ("relu", 2), ("erf", 2), ("relu", 4), ("erf", 4) })
            foreach (double eta in new[] { 1e-3, 1e-2, 1e-1 })
            {
                var r = HomogeneousRun.Execute(new HomogeneousSettings(new ScalarNetworkSpec(1024, 1, act), p, eta, 0.9), 0);
                output.WriteLine($"{act} p={p} η={eta} Θ0={r.NtkAtInit:F4} ΘT={r.NtkAtHorizon:F4} T={r.Training.HorizonStep} lead={r.LeadingError.MaxError:E3} corr={r.CorrectedError.MaxError:E3} flow={r.GradientFlowError.MaxError:E3} end lead={r.LeadingError.EndError:E3} corr={r.CorrectedError.EndError:E3}");
            }
    }
}
