namespace Watchkeeper.Vision;

/// <summary>
/// Maps an analyzer's raw measure to a score in [0, 1] that is 0.5 exactly at the measure's calibrated decision point,
/// so that <see cref="Sensitivity.Threshold"/> moves every check the same way.
/// </summary>
internal static class DecisionCurve
{
    /// <summary>
    /// A score that grows with <paramref name="measure"/>: 1 / (1 + (decision / measure)^steepness). Twice the decision
    /// point scores 0.94 at steepness 4, half of it 0.06.
    /// </summary>
    public static double Rising(double measure, double decision, double steepness)
    {
        if (measure <= 0)
        {
            return 0;
        }

        return 1 / (1 + Math.Pow(decision / measure, steepness));
    }

    /// <summary>A score that falls as <paramref name="measure"/> grows: 1 at 0, 0.5 at <paramref name="decision"/>.</summary>
    public static double Falling(double measure, double decision, double steepness) =>
        1 - Rising(measure, decision, steepness);
}
