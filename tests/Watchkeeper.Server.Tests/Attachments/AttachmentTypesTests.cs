using System.Text;
using Watchkeeper.Server.Attachments;

namespace Watchkeeper.Server.Tests.Attachments;

/// <summary>The attachment allowlists' content checks, one per use, and the file name sanitiser.</summary>
public sealed class AttachmentTypesTests
{
    [Theory]
    [InlineData("../../x.jpg", "x.jpg")]
    [InlineData(@"C:\Users\值班员\Desktop\故障照片.png", "故障照片.png")]
    [InlineData(".jpg", "file.jpg")]
    [InlineData("..jpg", "file.jpg")]
    [InlineData("   ", "file")]
    [InlineData("a<b>c:d\"e|f?g*h.log", "abcdefgh.log")]
    [InlineData("line\r\nbreak\t.txt", "linebreak.txt")]
    [InlineData("/etc/passwd", "passwd")]
    public void SanitizeFileName_Hostile_Safe(string uploaded, string expected)
    {
        AttachmentTypes.SanitizeFileName(uploaded).ShouldBe(expected);
    }

    [Fact]
    public void SanitizeFileName_Long_KeepsExtension()
    {
        var sanitized = AttachmentTypes.SanitizeFileName(new string('长', 300) + ".jpeg");

        sanitized.Length.ShouldBe(AttachmentTypes.MaxStoredNameLength);
        sanitized.ShouldEndWith(".jpeg");
    }

    [Fact]
    public void DisplayName_SurrogatePairAtCut_NotSplit()
    {
        var name = new string('a', 254) + "😀.jpg";

        var display = AttachmentTypes.DisplayName(name);

        display.ShouldBe(new string('a', 254));
        Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(display)).ShouldBe(display);
    }

    [Theory]
    [InlineData("a.jpg", new byte[] { 0xFF, 0xD8, 0xFF, 0xE1 }, true)]
    [InlineData("a.JPG", new byte[] { 0xFF, 0xD8, 0xFF, 0xDB }, true)]
    [InlineData("a.jpg", new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, false)]
    [InlineData("a.png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, true)]
    [InlineData("a.png", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, false)]
    [InlineData("a.gif", new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, true)]
    [InlineData("a.webp", new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, true)]
    [InlineData("a.webp", new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45 }, false)]
    [InlineData("a.pdf", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, true)]
    [InlineData("a.zip", new byte[] { 0x50, 0x4B, 0x03, 0x04 }, true)]
    [InlineData("a.7z", new byte[] { 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C }, true)]
    [InlineData("a.7z", new byte[] { 0x50, 0x4B, 0x03, 0x04 }, false)]
    [InlineData("a.log", new byte[] { 0xB9, 0xCA, 0xD5, 0xCF, 0x0A }, true)]
    [InlineData("a.csv", new byte[] { 0x61, 0x2C, 0x00, 0x62 }, false)]
    [InlineData("a.txt", new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02 }, false)]
    [InlineData("a.exe", new byte[] { 0x4D, 0x5A }, false)]
    public void ContentMatches_Signature_Checked(string fileName, byte[] head, bool expected)
    {
        AttachmentTypes.Tickets.ContentMatches(fileName, head).ShouldBe(expected);
    }

    [Theory]
    [InlineData("a.html")]
    [InlineData("a.svg")]
    [InlineData("a.exe")]
    [InlineData("a")]
    public void ContentTypeOf_NotAllowed_Null(string fileName)
    {
        AttachmentTypes.Tickets.ContentTypeOf(fileName).ShouldBeNull();
    }

    [Theory]
    [InlineData("fw.bin")]
    [InlineData("a.tar.gz")]
    [InlineData("plan.docx")]
    public void Tickets_ChangeOnlyTypes_NotAllowed(string fileName)
    {
        AttachmentTypes.Tickets.ContentTypeOf(fileName).ShouldBeNull();
    }

    [Theory]
    [InlineData("patch.tar.gz", new byte[] { 0x1F, 0x8B, 0x08, 0x00 }, true)]
    [InlineData("patch.TAR.GZ", new byte[] { 0x1F, 0x8B, 0x08, 0x00 }, true)]
    [InlineData("patch.tar.gz", new byte[] { 0x50, 0x4B, 0x03, 0x04 }, false)]
    [InlineData("plan.docx", new byte[] { 0x50, 0x4B, 0x03, 0x04 }, true)]
    [InlineData("plan.docx", new byte[] { 0x25, 0x50, 0x44, 0x46 }, false)]
    [InlineData("firmware.dav", new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, true)]
    [InlineData("firmware.img", new byte[] { 0x00, 0x01 }, true)]
    [InlineData("patch.exe", new byte[] { 0x4D, 0x5A }, false)]
    public void Changes_ContentMatches_FirmwareByExtensionOnly(string fileName, byte[] head, bool expected)
    {
        AttachmentTypes.Changes.ContentMatches(fileName, head).ShouldBe(expected);
    }

    [Theory]
    [InlineData("NVR_V4.2.0.bin", true)]
    [InlineData("IPC_5.7.dav", true)]
    [InlineData("release-notes.pdf", false)]
    [InlineData("patch.tar.gz", false)]
    public void Changes_IsFirmwareImage_ByExtension(string fileName, bool expected)
    {
        AttachmentTypes.Changes.IsFirmwareImage(fileName).ShouldBe(expected);
    }

    [Fact]
    public void SanitizeFileName_TarGz_KeepsDoubleExtension()
    {
        var sanitized = AttachmentTypes.SanitizeFileName(new string('补', 300) + ".tar.gz");

        sanitized.Length.ShouldBe(AttachmentTypes.MaxStoredNameLength);
        sanitized.ShouldEndWith(".tar.gz");
    }
}
