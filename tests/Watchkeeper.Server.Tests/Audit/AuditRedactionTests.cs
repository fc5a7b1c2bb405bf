using System.Text.Json;
using Watchkeeper.Server.Audit;

namespace Watchkeeper.Server.Tests.Audit;

public sealed class AuditRedactionTests
{
    [Theory]
    [InlineData("Password", true)]
    [InlineData("EncryptedPassword", true)]
    [InlineData("PasswordHash", true)]
    [InlineData("RobotSecret", true)]
    [InlineData("AccessToken", true)]
    [InlineData("Credentials", true)]
    [InlineData("SigningKey", true)]
    [InlineData("EncryptedSnmpCommunity", true)]
    [InlineData("Key", false)]
    [InlineData("Name", false)]
    [InlineData("UserName", false)]
    public void IsSecretName_PropertyName_ClassifiesIt(string name, bool secret)
    {
        AuditRedaction.IsSecretName(name).ShouldBe(secret);
    }

    [Fact]
    public void ValueOf_DataProtectionPayload_IsMasked()
    {
        var node = AuditRedaction.ValueOf("Notes", "CfDJ8AbCdEf");

        node!.GetValue<string>().ShouldBe(AuditRedaction.Mask);
    }

    [Fact]
    public void Serialize_NestedSecrets_AreMasked()
    {
        var json = AuditRedaction.Serialize(new { smtp = new { host = "127.0.0.1", password = "p@ss" }, robots = new[] { new { secret = "s1" } } });

        var root = JsonDocument.Parse(json!).RootElement;
        root.GetProperty("smtp").GetProperty("host").GetString().ShouldBe("127.0.0.1");
        root.GetProperty("smtp").GetProperty("password").GetString().ShouldBe(AuditRedaction.Mask);
        root.GetProperty("robots")[0].GetProperty("secret").GetString().ShouldBe(AuditRedaction.Mask);
    }

    [Fact]
    public void ValueOf_LongText_IsCut()
    {
        var node = AuditRedaction.ValueOf("Notes", new string('x', AuditRedaction.MaxValueLength + 10));

        node!.GetValue<string>().Length.ShouldBeLessThan(AuditRedaction.MaxValueLength + 20);
        node.GetValue<string>().ShouldEndWith("…(+10)");
    }

    [Fact]
    public void Compute_ChangedField_ChangesHash()
    {
        var entry = new AuditEntry { Id = 1, At = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000), Action = AuditActions.Export, PreviousHash = AuditHash.Genesis };
        var original = AuditHash.Compute(entry);

        entry.Summary = "x";

        AuditHash.Compute(entry).ShouldNotBe(original);
        original.Length.ShouldBe(64);
    }
}
