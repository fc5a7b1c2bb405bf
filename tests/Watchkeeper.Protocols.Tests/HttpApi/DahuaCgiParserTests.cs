using Watchkeeper.Protocols.HttpApi;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.HttpApi;

public sealed class DahuaCgiParserTests
{
    [Fact]
    public void ParseStorage_SdCardCapture_ReadsCardAndPartition()
    {
        var values = DahuaCgiParser.ParseKeyValues(Fixtures.ReadCapture("dahua_cgi_storagedevice_getdeviceallinfo_sdcard.txt"));

        var device = DahuaCgiParser.ParseStorage(values).ShouldHaveSingleItem();

        device.Index.ShouldBe(0);
        device.Name.ShouldBe("/dev/mmc0");
        device.State.ShouldBe("Success");
        var partition = device.Partitions.ShouldHaveSingleItem();
        partition.Path.ShouldBe("/mnt/sd");
        partition.IsError.ShouldBeFalse();
        partition.TotalBytes.ShouldBe(63989415936d);
        partition.UsedBytes.ShouldBe(98304d);
        partition.Type.ShouldBe("ReadWrite");
    }

    [Fact]
    public void ToDisk_SdCardCapture_IsHealthyWithSizes()
    {
        var values = DahuaCgiParser.ParseKeyValues(Fixtures.ReadCapture("dahua_cgi_storagedevice_getdeviceallinfo_sdcard.txt"));

        var disk = DahuaCgiParser.ParseStorage(values)[0].ToDisk();

        disk.Subject.ShouldBe("/dev/mmc0");
        disk.Condition.ShouldBe(DiskCondition.Healthy);
        disk.CapacityMegabytes.ShouldBe(61025);
        disk.FreeMegabytes.ShouldBe(61025);
        disk.Description.ShouldBe("/mnt/sd, ReadWrite, 61,025 MB, 61,025 MB free");
    }

    [Fact]
    public void ParseKeyValues_CrLfLines_SplitAtFirstEquals()
    {
        var values = DahuaCgiParser.ParseKeyValues("deviceType=DHI-NVR4216\r\nversion=2.800.0000000.16.R,build:2021-06-23\r\nquery=a=b\r\n\r\nnot a pair\r\n");

        values["deviceType"].ShouldBe("DHI-NVR4216");
        values["version"].ShouldBe("2.800.0000000.16.R,build:2021-06-23");
        values["query"].ShouldBe("a=b");
        values.Count.ShouldBe(3);
    }

    [Fact]
    public void ToDisk_ErrorState_IsAbnormal()
    {
        var values = DahuaCgiParser.ParseKeyValues("list.info[0].Name=/dev/sda\nlist.info[0].State=Error\n");

        var disk = DahuaCgiParser.ParseStorage(values)[0].ToDisk();

        disk.Condition.ShouldBe(DiskCondition.Abnormal);
        disk.Status.ShouldBe("Error");
    }

    [Fact]
    public void ToDisk_PartitionIsError_IsAbnormal()
    {
        var text = Fixtures.ReadCapture("dahua_cgi_storagedevice_getdeviceallinfo_sdcard.txt")
            .Replace("IsError=false", "IsError=true", StringComparison.Ordinal);

        var disk = DahuaCgiParser.ParseStorage(DahuaCgiParser.ParseKeyValues(text))[0].ToDisk();

        disk.Condition.ShouldBe(DiskCondition.Abnormal);
        disk.Status.ShouldBe("Success, IsError on /mnt/sd");
    }

    [Fact]
    public void ParseStorage_DisksOutOfOrder_SortsByIndex()
    {
        var values = DahuaCgiParser.ParseKeyValues("list.info[1].Name=/dev/sdb\nlist.info[1].State=Success\nlist.info[0].Name=/dev/sda\nlist.info[0].State=Success\n");

        DahuaCgiParser.ParseStorage(values).Select(d => d.Name).ShouldBe(["/dev/sda", "/dev/sdb"]);
    }

    [Fact]
    public void ToDisk_BadNumbers_LeavesSizesUnknown()
    {
        var values = DahuaCgiParser.ParseKeyValues("list.info[0].State=Success\nlist.info[0].Detail[0].TotalBytes=lots\nlist.info[0].Detail[0].UsedBytes=-5\n");

        var disk = DahuaCgiParser.ParseStorage(values)[0].ToDisk();

        disk.Subject.ShouldBe("Disk 1");
        disk.CapacityMegabytes.ShouldBeNull();
        disk.FreeMegabytes.ShouldBeNull();
    }

    [Theory]
    [InlineData("Error\r\nBad Request!\r\n", true)]
    [InlineData("  error", true)]
    [InlineData("list.info[0].State=Error", false)]
    public void IsErrorReply_RecognisesDahuaErrors(string text, bool expected)
    {
        DahuaCgiParser.IsErrorReply(text).ShouldBe(expected);
    }
}
