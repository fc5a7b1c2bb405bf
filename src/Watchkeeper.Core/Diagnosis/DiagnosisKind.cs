namespace Watchkeeper.Core.Diagnosis;

/// <summary>
/// The checks of video quality diagnosis (视频质量诊断). The names are part of the API and of exports: keep them.
/// </summary>
public enum DiagnosisKind
{
    /// <summary>信号缺失: a black, blue or single-colour screen, or a "no video" overlay.</summary>
    SignalLoss,

    /// <summary>画面冻结: several frames over an interval identical within noise.</summary>
    FrozenPicture,

    /// <summary>模糊: blur or defocus.</summary>
    Blur,

    /// <summary>过暗: too dark.</summary>
    TooDark,

    /// <summary>过亮: overexposed.</summary>
    Overexposed,

    /// <summary>低对比度: low contrast.</summary>
    LowContrast,

    /// <summary>偏色: colour cast.</summary>
    ColorCast,

    /// <summary>雪花噪声: snow noise.</summary>
    SnowNoise,

    /// <summary>条纹干扰: stripe or rolling interference.</summary>
    StripeInterference,

    /// <summary>遮挡: part of the lens covered.</summary>
    Occlusion,

    /// <summary>场景变换: the view differs from the camera's reference image (the camera was moved).</summary>
    SceneChange,

    /// <summary>画面抖动: global motion between frames.</summary>
    Shake,

    /// <summary>云台失控: a PTZ camera parked at a preset no longer matches that preset's reference view.</summary>
    PtzDrift,
}

/// <summary>Which checks need what input.</summary>
public static class DiagnosisKinds
{
    /// <summary>Checks that need two or more frames in time order.</summary>
    public static bool NeedsSeveralFrames(this DiagnosisKind kind) => kind is DiagnosisKind.FrozenPicture or DiagnosisKind.Shake;

    /// <summary>Checks that compare with a reference image of the camera (or of its preset).</summary>
    public static bool NeedsReference(this DiagnosisKind kind) => kind is DiagnosisKind.SceneChange or DiagnosisKind.PtzDrift;

    /// <summary>Checks of brightness that a night profile may switch off.</summary>
    public static bool IsBrightnessCheck(this DiagnosisKind kind) =>
        kind is DiagnosisKind.TooDark or DiagnosisKind.Overexposed or DiagnosisKind.LowContrast or DiagnosisKind.ColorCast;
}
