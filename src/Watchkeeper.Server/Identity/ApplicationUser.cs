using Microsoft.AspNetCore.Identity;

namespace Watchkeeper.Server.Identity;

public sealed class ApplicationUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>True until the user replaces a generated password; every page but the change form is closed meanwhile.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A disabled user cannot sign in, and every session and token of the user stops working.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>DingTalk user id (钉钉), for notifications.</summary>
    public string? DingTalkId { get; set; }

    /// <summary>WeCom user id (企业微信), for notifications.</summary>
    public string? WeComId { get; set; }

    /// <summary>Feishu user id (飞书), for notifications.</summary>
    public string? FeishuId { get; set; }
}
