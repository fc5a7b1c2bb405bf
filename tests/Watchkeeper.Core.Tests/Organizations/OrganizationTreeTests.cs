using Watchkeeper.Core.Organizations;

namespace Watchkeeper.Core.Tests.Organizations;

public sealed class OrganizationTreeTests
{
    private static readonly OrganizationTree Tree = new(
    [
        new Organization { Id = 1, Name = "某市公安局" },
        new Organization { Id = 2, Name = "城区分局", ParentId = 1 },
        new Organization { Id = 3, Name = "人民路派出所", ParentId = 2 },
        new Organization { Id = 4, Name = "郊区分局", ParentId = 1 },
        new Organization { Id = 5, Name = "电力公司" },
    ]);

    [Fact]
    public void SubtreeIds_Root_IncludesAllDescendants() =>
        Tree.SubtreeIds(1).ShouldBe([1, 2, 3, 4], ignoreOrder: true);

    [Fact]
    public void SubtreeIds_Leaf_IsItself() =>
        Tree.SubtreeIds(3).ShouldBe([3]);

    [Fact]
    public void SubtreeIds_Unknown_IsEmpty() =>
        Tree.SubtreeIds(42).ShouldBeEmpty();

    [Fact]
    public void PathOf_Leaf_JoinsNamesFromRoot() =>
        Tree.PathOf(3).ShouldBe("某市公安局/城区分局/人民路派出所");

    [Fact]
    public void FindByPath_ExistingPath_ReturnsLeaf() =>
        Tree.FindByPath(OrganizationTree.SplitPath(" 某市公安局 / 城区分局 /人民路派出所/")).ShouldNotBeNull().Id.ShouldBe(3);

    [Fact]
    public void FindByPath_MissingLevel_ReturnsNull() =>
        Tree.FindByPath(["某市公安局", "开发区分局"]).ShouldBeNull();

    [Fact]
    public void IsInSubtree_Descendant_IsTrue() =>
        Tree.IsInSubtree(3, 1).ShouldBeTrue();

    [Fact]
    public void IsInSubtree_Sibling_IsFalse() =>
        Tree.IsInSubtree(4, 2).ShouldBeFalse();

    [Fact]
    public void Constructor_Cycle_DoesNotHang()
    {
        var tree = new OrganizationTree([new Organization { Id = 1, Name = "a", ParentId = 2 }, new Organization { Id = 2, Name = "b", ParentId = 1 }]);

        tree.PathOf(1).ShouldNotBeEmpty();
        tree.IsInSubtree(1, 3).ShouldBeFalse();
    }
}
