using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Identity;

/// <summary>
/// Creates the <c>admin</c> account on first start. Without <c>Admin:InitialPassword</c> the password is random,
/// printed once to the console, written to &lt;data&gt;/initial-admin-password.txt (mode 0600) and must be changed
/// at first sign-in; with it, that password is used and no change is forced.
/// </summary>
public sealed class AdminAccountSeeder(UserManager<ApplicationUser> users, IConfiguration configuration, TimeProvider time, ILogger<AdminAccountSeeder> logger)
{
    public const string AdminUserName = "admin";
    public const string PasswordFileName = "initial-admin-password.txt";

    public async Task SeedAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        if (await users.Users.AnyAsync(cancellationToken))
        {
            await KeepAnAdministratorAsync();
            return;
        }

        var configured = configuration["Admin:InitialPassword"];
        var generated = string.IsNullOrEmpty(configured);
        var password = generated ? GeneratePassword() : configured!;
        var admin = new ApplicationUser
        {
            UserName = AdminUserName,
            DisplayName = "系统管理员 Administrator",
            MustChangePassword = generated,
            CreatedAt = time.GetUtcNow(),
        };

        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded)
        {
            var reasons = string.Join("; ", result.Errors.Select(e => e.Description));
            throw new InvalidOperationException($"Creating the admin account failed: {reasons}. Check Admin:InitialPassword against the password rules (8+ characters, upper and lower case, a digit).");
        }

        await users.AddToRoleAsync(admin, BuiltInRoles.Administrator);

        if (!generated)
        {
            logger.LogInformation("Created the {UserName} account with the password from Admin:InitialPassword", AdminUserName);
            return;
        }

        var file = Path.Combine(dataDirectory, PasswordFileName);
        await WritePrivateFileAsync(file, password + "\n", cancellationToken);

        // Printed, not logged: the password must not land in the log files.
        Console.WriteLine();
        Console.WriteLine("=================================================================");
        Console.WriteLine($" 初始管理员账号 Initial administrator: {AdminUserName}");
        Console.WriteLine($" 初始密码 Initial password:            {password}");
        Console.WriteLine($" 已保存到 Saved to: {file}");
        Console.WriteLine(" 首次登录须修改密码。 Change it at first sign-in.");
        Console.WriteLine("=================================================================");
        Console.WriteLine();
        logger.LogInformation("Created the {UserName} account with a generated password, written to {PasswordFile}", AdminUserName, file);
    }

    /// <summary>
    /// A database from before roles existed has users but no administrator; the seeded admin account becomes
    /// one, so that someone can still grant roles.
    /// </summary>
    private async Task KeepAnAdministratorAsync()
    {
        if ((await users.GetUsersInRoleAsync(BuiltInRoles.Administrator)).Count > 0)
        {
            return;
        }

        var admin = await users.FindByNameAsync(AdminUserName);
        if (admin is null)
        {
            logger.LogWarning("No user has the {Role} role and the {UserName} account is missing, so the role was not granted; grant it to a user in the database", BuiltInRoles.Administrator, AdminUserName);
            return;
        }

        await users.AddToRoleAsync(admin, BuiltInRoles.Administrator);
        logger.LogWarning("No user held the {Role} role; gave it to the {UserName} account", BuiltInRoles.Administrator, AdminUserName);
    }

    internal static string GeneratePassword()
    {
        // 16 characters from an alphabet without look-alikes, plus one of each class the rules require.
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        var builder = new StringBuilder();
        for (var i = 0; i < 16; i++)
        {
            builder.Append(alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]);
        }

        builder.Append('A').Append('a').Append('7');
        return builder.ToString();
    }

    private static async Task WritePrivateFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(path, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(content.AsMemory(), cancellationToken);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only to a new file; an old file keeps its mode unless it is set again.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
