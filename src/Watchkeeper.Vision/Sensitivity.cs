namespace Watchkeeper.Vision;

/// <summary>
/// The 1–10 sensitivity of a check. 5 is the default; a higher sensitivity lowers the score a finding needs.
/// </summary>
public static class Sensitivity
{
    public const int Minimum = 1;
    public const int Maximum = 10;
    public const int Default = 5;

    /// <summary>The score a finding needs at the given sensitivity: 0.82 at 1, 0.5 at 5, 0.1 at 10.</summary>
    public static double Threshold(int sensitivity)
    {
        if (sensitivity is < Minimum or > Maximum)
        {
            throw new ArgumentOutOfRangeException(nameof(sensitivity), sensitivity, "sensitivity runs from 1 to 10");
        }

        return 0.5 + (Default - sensitivity) * 0.08;
    }

    public static bool IsValid(int sensitivity) => sensitivity is >= Minimum and <= Maximum;
}
