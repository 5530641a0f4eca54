import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// OpenBLAS's `cblas_sgemm`, loaded at first use rather than linked.
///
/// Loading late lets Paperboy choose OpenBLAS's kernels first: Debian's OpenBLAS picks them by
/// CPU model, and on CPUs it does not know (common in VMs) falls back to its slowest SSE3
/// kernels, 2-3x slower here. Unless `OPENBLAS_CORETYPE` is set already, Paperboy names the
/// kernel family the CPU's instruction set supports (AVX-512: SkylakeX, AVX2: Haswell). It also
/// keeps OpenBLAS to one thread (`OPENBLAS_NUM_THREADS`), since Paperboy runs one text per core.
enum BLAS {
    typealias SGEMM = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                      UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void

    typealias SGEMV = @convention(c) (Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                      UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void

    static let rowMajor: Int32 = 101, noTranspose: Int32 = 111, transpose: Int32 = 112

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    static let sgemm: Result<SGEMM, Missing> = symbol("cblas_sgemm").map { unsafeBitCast($0, to: SGEMM.self) }
    static let sgemv: Result<SGEMV, Missing> = symbol("cblas_sgemv").map { unsafeBitCast($0, to: SGEMV.self) }

    nonisolated(unsafe) private static let library: Result<UnsafeMutableRawPointer, Missing> = {
        if getenv("OPENBLAS_CORETYPE") == nil, let core = kernelFamily() { setenv("OPENBLAS_CORETYPE", core, 0) }
        setenv("OPENBLAS_NUM_THREADS", "1", 0)
        for name in ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"] {
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) { return .success(handle) }
        }
        return .failure(Missing(description: "OpenBLAS is not installed (Debian: apt-get install libopenblas0)"))
    }()

    private static func symbol(_ name: String) -> Result<UnsafeMutableRawPointer, Missing> {
        library.flatMap { handle in
            dlsym(handle, name).map { .success($0) } ?? .failure(Missing(description: "OpenBLAS lacks \(name)"))
        }
    }

    /// SkylakeX with AVX-512, Haswell with AVX2 and FMA, else nil (OpenBLAS decides).
    private static func kernelFamily() -> String? {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let set = Set(flags.split(separator: " ").map(String.init))
        if set.contains("avx512f") && set.contains("avx512bw") && set.contains("avx512vl") { return "SkylakeX" }
        if set.contains("avx2") && set.contains("fma") { return "Haswell" }
        return nil
    }
}
