import CZlib
import Foundation

/// Where an export goes: standard output, or a file that is gzipped when its name ends in
/// `.gz`. A file is written under a temporary name and renamed when closed, so an
/// interrupted export never leaves a partial file under the name asked for.
public final class OutputFile {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private enum Sink {
        case standardOutput
        case plain(FileHandle)
        case gzip(gzFile)
    }

    private let path: String?
    private let partialPath: String?
    private var sink: Sink
    private var finished = false

    /// `nil` writes to standard output.
    public init(path: String?) throws(Failure) {
        self.path = path
        guard let path else {
            partialPath = nil
            sink = .standardOutput
            return
        }
        let partial = path + ".partial"
        partialPath = partial
        if path.hasSuffix(".gz") {
            guard let handle = gzopen(partial, "wb6") else {
                throw Failure(description: "cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            sink = .gzip(handle)
        } else {
            guard FileManager.default.createFile(atPath: partial, contents: nil),
                  let handle = FileHandle(forWritingAtPath: partial) else {
                throw Failure(description: "cannot write '\(path)'")
            }
            sink = .plain(handle)
        }
    }

    deinit {
        // Not closed: the export failed; drop the partial file.
        if case .gzip(let handle) = sink { gzclose(handle) }
        if !finished, let partialPath { try? FileManager.default.removeItem(atPath: partialPath) }
    }

    public func write(_ data: Data) throws {
        switch sink {
        case .standardOutput:
            try FileHandle.standardOutput.write(contentsOf: data)
        case .plain(let handle):
            try handle.write(contentsOf: data)
        case .gzip(let handle):
            let written = data.withUnsafeBytes { raw in gzwrite(handle, raw.baseAddress, UInt32(raw.count)) }
            guard written == data.count || data.isEmpty else {
                throw Failure(description: "cannot write '\(path ?? "")': compression failed")
            }
        }
    }

    /// Finishes the file and gives it its name.
    public func close() throws {
        switch sink {
        case .standardOutput:
            return
        case .plain(let handle):
            try handle.close()
        case .gzip(let handle):
            sink = .standardOutput
            guard gzclose(handle) == Z_OK else { throw Failure(description: "cannot write '\(path ?? "")'") }
        }
        sink = .standardOutput
        if let path, let partialPath {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partialPath, toPath: path)
        }
        finished = true
    }
}
