using System.Net.Sockets;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Simulator.Networking;

/// <summary>Turns a failed bind into an error that names the address, the device and the setting to change.</summary>
internal static class BindErrors
{
    public static Error From(SocketException exception, EndpointBinding binding)
    {
        var endPoint = binding.EndPoint;
        return exception.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => Error.Conflict(
                "simulator.endpoint.in_use",
                Bilingual.Join(
                    $"{endPoint} 已被占用（{binding.DeviceCode} 的 {binding.Service} 服务）；请停止占用它的程序，或修改 {binding.Settings}",
                    $"{endPoint} ({binding.Service} of {binding.DeviceCode}) is already in use; stop the program that holds it or change {binding.Settings}")),
            SocketError.AddressNotAvailable => Error.Validation(
                "simulator.endpoint.address_not_available",
                Bilingual.Join(
                    $"本机没有地址 {endPoint.Address}（{binding.DeviceCode} 的 {binding.Service} 服务）；请修改 {binding.Settings}",
                    $"address {endPoint.Address} ({binding.Service} of {binding.DeviceCode}) is not configured on this machine; change {binding.Settings}")),
            SocketError.AccessDenied => Error.Validation(
                "simulator.endpoint.access_denied",
                Bilingual.Join(
                    $"无权绑定 {endPoint}（{binding.DeviceCode} 的 {binding.Service} 服务）；1024 以下的端口需要 root 权限，请修改 {binding.Settings}",
                    $"binding {endPoint} ({binding.Service} of {binding.DeviceCode}) was denied; ports below 1024 need root, so change {binding.Settings}")),
            SocketError.TooManyOpenSockets => Error.Validation(
                "simulator.endpoint.too_many_open_files",
                Bilingual.Join(
                    $"打开的文件过多，无法绑定 {endPoint}（{binding.DeviceCode} 的 {binding.Service} 服务）；请用 ulimit -n 提高上限，或减少设备数量",
                    $"too many open files to bind {endPoint} ({binding.Service} of {binding.DeviceCode}); raise the limit with ulimit -n or start fewer devices")),
            _ => Error.Validation(
                "simulator.endpoint.bind_failed",
                Bilingual.Join(
                    $"无法绑定 {endPoint}（{binding.DeviceCode} 的 {binding.Service} 服务）：{exception.SocketErrorCode}；请修改 {binding.Settings}",
                    $"binding {endPoint} ({binding.Service} of {binding.DeviceCode}) failed with {exception.SocketErrorCode}; change {binding.Settings}")),
        };
    }
}
