namespace NnPhys.Numerics;

/// <summary>What an adaptive integration did: the solution at each requested time and the work it took.</summary>
/// <param name="Times">The output times, as requested.</param>
/// <param name="States">States[k] is y(Times[k]).</param>
/// <param name="AcceptedSteps">Steps whose error estimate met the tolerance.</param>
/// <param name="RejectedSteps">Steps retried with a smaller h.</param>
/// <param name="FunctionEvaluations">Calls of the right-hand side.</param>
public sealed record OdeSolution(double[] Times, double[][] States, int AcceptedSteps, int RejectedSteps, int FunctionEvaluations)
{
    /// <summary>The state at the last output time.</summary>
    public double[] Final => States[^1];
}
