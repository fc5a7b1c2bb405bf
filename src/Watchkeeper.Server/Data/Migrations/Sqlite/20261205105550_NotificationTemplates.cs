using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Watchkeeper.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NotificationTemplates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "notification_template_overrides",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    channel_kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    html = table.Column<string>(type: "TEXT", maxLength: 60000, nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_template_overrides", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notification_template_overrides_kind_channel_kind",
                table: "notification_template_overrides",
                columns: new[] { "kind", "channel_kind" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notification_template_overrides");
        }
    }
}
