using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>The expected failures of the diagnosis API, in Chinese and English.</summary>
public static class DiagnosisErrors
{
    public static Error DeviceNotFound(long id) => Error.NotFound("diagnosis.device.not_found", Bilingual.Join(
        $"设备 {id} 不存在。", $"Device {id} does not exist."));

    public static Error NotACamera(long id) => Error.Conflict("diagnosis.device.no_picture", Bilingual.Join(
        $"设备 {id} 不是已启用监测、带视频流或抓图地址的摄像机或通道，无法诊断。",
        $"Device {id} is not a monitored camera or channel with a stream or snapshot URL, so it cannot be diagnosed."));

    public static Error NotCovered(long id) => Error.Conflict("diagnosis.device.not_covered", Bilingual.Join(
        $"设备 {id} 不在任何启用的诊断计划范围内；请先在诊断计划中加入它。",
        $"No enabled diagnosis plan covers device {id}; add it to a plan first."));

    public static Error Disabled() => Error.Conflict("diagnosis.disabled", Bilingual.Join(
        "本服务器未运行视频质量诊断：已关闭（Diagnosis:Enabled=false）或未安装取帧组件。",
        "Video quality diagnosis does not run on this server: it is disabled (Diagnosis:Enabled=false) or no frame grabber is installed."));

    public static Error OrganizationNotFound(long id) => Error.NotFound("diagnosis.organization.not_found", Bilingual.Join(
        $"组织 {id} 不存在。", $"Organization {id} does not exist."));

    public static Error PlanNotFound(long id) => Error.NotFound("diagnosis.plan.not_found", Bilingual.Join(
        $"诊断计划 {id} 不存在。", $"Diagnosis plan {id} does not exist."));

    public static Error ResultNotFound(long id) => Error.NotFound("diagnosis.result.not_found", Bilingual.Join(
        $"诊断结果 {id} 不存在。", $"Diagnosis result {id} does not exist."));

    public static Error ImageNotFound() => Error.NotFound("diagnosis.image.not_found", Bilingual.Join(
        "图片不存在，可能已按保留期限清理。", "The image does not exist; it may have been pruned after its retention period."));

    public static Error NoGoodFrame(long id) => Error.Conflict("diagnosis.reference.no_frame", Bilingual.Join(
        $"设备 {id} 还没有正常的诊断画面；请先执行一次诊断，或上传参考图。",
        $"Device {id} has no clean diagnosis frame yet; run a diagnosis first or upload a reference image."));

    public static Error PresetNumber() => Error.Validation("diagnosis.reference.preset", Bilingual.Join(
        "预置位编号须在 1–999 之间。", "The preset number must be 1-999."), "presetNumber");

    public static Error ImageTooLarge(string name, long length, long maxBytes) => Error.TooLarge("diagnosis.image_too_large", Bilingual.Join(
        $"图像 {name} 为 {length} 字节，超过上限 {maxBytes} 字节。", $"Image {name} is {length} bytes, above the limit of {maxBytes} bytes."), name);
}
