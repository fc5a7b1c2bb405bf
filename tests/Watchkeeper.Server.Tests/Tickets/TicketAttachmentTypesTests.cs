using System.Text;
using Watchkeeper.Server.Tickets;

namespace Watchkeeper.Server.Tests.Tickets;

/// <summary>The attachment allowlist's content checks and the file name sanitiser.</summary>
public sealed class TicketAttachmentTypesTests
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
        TicketAttachmentTypes.SanitizeFileName(uploaded).ShouldBe(expected);
    }

    [Fact]
    public void SanitizeFileName_Long_KeepsExtension()
    {
        var sanitized = TicketAttachmentTypes.SanitizeFileName(new string('长', 300) + ".jpeg");

        sanitized.Length.ShouldBe(TicketAttachmentTypes.MaxStoredNameLength);
        sanitized.ShouldEndWith(".jpeg");
    }

    [Fact]
    public void DisplayName_SurrogatePairAtCut_NotSplit()
    {
        var name = new string('a', 254) + "😀.jpg";

        var display = TicketAttachmentTypes.DisplayName(name);

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
        TicketAttachmentTypes.ContentMatches(fileName, head).ShouldBe(expected);
    }

    [Theory]
    [InlineData("a.html")]
    [InlineData("a.svg")]
    [InlineData("a.exe")]
    [InlineData("a")]
    public void ContentTypeOf_NotAllowed_Null(string fileName)
    {
        TicketAttachmentTypes.ContentTypeOf(fileName).ShouldBeNull();
    }
}
