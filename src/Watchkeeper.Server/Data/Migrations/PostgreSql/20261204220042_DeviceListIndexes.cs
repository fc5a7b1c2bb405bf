using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Watchkeeper.Server.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DeviceListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_devices_vendor",
                table: "devices");

            migrationBuilder.CreateIndex(
                name: "ix_devices_vendor_code",
                table: "devices",
                columns: new[] { "vendor", "code" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_devices_vendor_code",
                table: "devices");

            migrationBuilder.CreateIndex(
                name: "ix_devices_vendor",
                table: "devices",
                column: "vendor");
        }
    }
}
