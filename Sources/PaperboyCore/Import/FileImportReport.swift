import AsyncAlgorithms
import Foundation
import Logging

/// What importing one file did.
public struct FileImportReport: Sendable {
    public var path: String
    public var format: ImportFormat?
    /// Records found in the file, valid or not.
    public var read = 0
    public var counts = UpsertCounts()
    public var skipped = 0
    /// Set when the file could not be read (to the end); committed batches stay imported.
    public var error: InputError?

    public init(path: String, format: ImportFormat? = nil) {
        self.path = path
        self.format = format
    }

    public var valid: Int { counts.inserted + counts.updated + counts.unchanged }
    /// A file fails when it could not be read or held nothing valid.
    public var failed: Bool { error != nil || valid == 0 }
}
