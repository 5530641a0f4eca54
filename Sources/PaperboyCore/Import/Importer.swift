import AsyncAlgorithms
import Foundation
import Logging

/// Streams files into a store: a reader parses batches on one task while the store writes
/// the previous batch, each batch in its own transaction. A crash loses at most the batch
/// in flight (never part of one), and re-running the same import completes it, since every
/// write merges rather than appends.
public struct Importer: Sendable {
    /// Where papers go; nil checks the files without writing (a dry run).
    public let store: (any PaperStore)?
    public var batchSize: Int
    public var logger: Logger

    public init(store: (any PaperStore)?, batchSize: Int = 5_000, logger: Logger = Logger(label: "paperboy.import")) {
        self.store = store
        self.batchSize = max(1, batchSize)
        self.logger = logger
    }

    struct Batch: Sendable {
        var papers: [Paper] = []
        var issues: [RecordIssue] = []
        var records = 0
    }

    /// Imports one file. Problems with the file end up in the report; a store failure
    /// (disk full, database locked) throws, since no later file could be written either.
    public func importFile(_ path: String, format: ImportFormat? = nil, observer: (any ImportObserver)? = nil) async throws -> FileImportReport {
        var report = FileImportReport(path: path, format: format)
        let resolved: ImportFormat
        do {
            resolved = if let format { format } else { try RecordReaders.detectFormat(path: path) }
        } catch {
            report.error = error
            return report
        }
        report.format = resolved
        let channel = AsyncThrowingChannel<Batch, any Error>()
        let batchSize = self.batchSize
        let producer = Task.detached {
            do {
                var (reader, _) = try RecordReaders.open(path: path, format: resolved)
                var batch = Batch()
                while let record = try reader.next() {
                    batch.records += 1
                    switch record {
                    case .paper(let paper, _): batch.papers.append(paper)
                    case .invalid(let issue): batch.issues.append(issue)
                    }
                    // Issues count too, so a file of nothing but bad records still streams.
                    if batch.papers.count >= batchSize || batch.issues.count >= 1_000 {
                        await channel.send(batch)
                        batch = Batch()
                    }
                }
                if batch.records > 0 { await channel.send(batch) }
                channel.finish()
            } catch {
                channel.fail(error)
            }
        }
        do {
            for try await batch in channel {
                for issue in batch.issues { observer?.skipped(issue, in: path) }
                report.read += batch.records
                report.skipped += batch.issues.count
                if let store, !batch.papers.isEmpty {
                    report.counts = report.counts + (try await upsert(batch.papers, into: store, path: path, report: &report,
                                                                      observer: observer))
                    logger.debug("batch committed", metadata: [
                        "file": "\(path)", "papers": "\(batch.papers.count)", "records_read": "\(report.read)",
                    ])
                }
                if store == nil { report.counts.unchanged += batch.papers.count }
                observer?.committed(path: path, recordsRead: report.read, totals: report.counts)
            }
        } catch let error as InputError {
            report.error = error
        } catch {
            producer.cancel()
            throw error
        }
        return report
    }

    /// Writes one batch. When the store refuses it, the papers are written one at a time,
    /// so one record the store cannot take (a value over one of its limits) is reported and
    /// skipped and the good records around it are kept. If every paper fails, the store
    /// itself is the problem (disk full, locked): that error is thrown.
    private func upsert(_ papers: [Paper], into store: any PaperStore, path: String, report: inout FileImportReport,
                        observer: (any ImportObserver)?) async throws -> UpsertCounts {
        do {
            return try await store.upsert(papers)
        } catch {
            logger.warning("batch refused, writing its papers one at a time", metadata: ["file": "\(path)", "error": "\(error)"])
            var counts = UpsertCounts()
            var firstError: (any Error)?
            for paper in papers {
                do {
                    counts = counts + (try await store.upsert([paper]))
                } catch {
                    firstError = firstError ?? error
                    report.skipped += 1
                    observer?.skipped(RecordIssue(.record(report.read), .malformed("the store refused paper \(paper.id): \(error)")), in: path)
                }
            }
            if counts.inserted + counts.updated + counts.unchanged == 0, let firstError { throw firstError }
            return counts
        }
    }
}
