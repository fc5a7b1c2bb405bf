using Watchkeeper.Core.Recording;

namespace Watchkeeper.Core.Tests.Recording;

public sealed class IntervalSetTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static TimeInterval Hours(double from, double to) => new(T0.AddHours(from), T0.AddHours(to));

    [Fact]
    public void Normalize_UnsortedOverlappingTouching_MergesInOrder()
    {
        var result = IntervalSet.Normalize([Hours(5, 6), Hours(1, 3), Hours(2, 4), Hours(4, 4.5), Hours(8, 7)]);

        result.ShouldBe([Hours(1, 4.5), Hours(5, 6)]);
    }

    [Fact]
    public void Subtract_HolesInside_ReturnsUncoveredParts()
    {
        var result = IntervalSet.Subtract([Hours(0, 10)], [Hours(-1, 1), Hours(3, 4), Hours(9, 12)]);

        result.ShouldBe([Hours(1, 3), Hours(4, 9)]);
    }

    [Fact]
    public void Subtract_OneRemovalSpanningTwoIntervals_CutsBoth()
    {
        var result = IntervalSet.Subtract([Hours(0, 2), Hours(3, 5)], [Hours(1, 4)]);

        result.ShouldBe([Hours(0, 1), Hours(4, 5)]);
    }

    [Fact]
    public void Intersect_TwoLists_ReturnsCommonTime()
    {
        var result = IntervalSet.Intersect([Hours(0, 2), Hours(3, 6)], [Hours(1, 4), Hours(5, 7)]);

        result.ShouldBe([Hours(1, 2), Hours(3, 4), Hours(5, 6)]);
    }

    [Fact]
    public void Clip_SegmentsAcrossWindowEdges_KeepsInsideParts()
    {
        var result = IntervalSet.Clip([Hours(-2, 1), Hours(23, 26)], Hours(0, 24));

        result.ShouldBe([Hours(0, 1), Hours(23, 24)]);
    }

    [Fact]
    public void TotalDuration_EmptyList_IsZero()
    {
        IntervalSet.TotalDuration([]).ShouldBe(TimeSpan.Zero);
    }
}
