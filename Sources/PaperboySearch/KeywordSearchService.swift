import Foundation
import Logging
import PaperboyCore
import PaperboyVectors

/// The keyword index one process keeps beside the store (derived data; the store is the
/// one source of truth): loaded from its snapshot file or built from the store, caught up
/// from the store's change sequence (`PaperChangeStore`), and saved again now and then.
///
/// After a crash the last complete snapshot loads and the changes since it are applied, so
/// search is never wrong for long; a snapshot of another database, or one ahead of the store
/// (a restored backup), is rebuilt. Searches read the index under a shared lock while a
/// catch-up changes it in small batches, so neither waits long for the other.
public actor KeywordSearchService {
    public typealias Store = PaperStore & PaperChangeStore

    let store: any Store
    /// Where the snapshot lives; nil keeps the index in memory only.
    public nonisolated let snapshotPath: String?
    let logger: Logger
    nonisolated let state = Locked()
    private var catchingUp = false

    /// The index and what it covers, behind the read-write lock.
    final class Locked: @unchecked Sendable {
        let lock = ReadWriteLock()
        var index: KeywordIndex?
        var sequence: Int64 = 0
        var identity = ""
        var status = Status()
    }

    /// What `paperboy index status` and `/metrics` show.
    public struct Status: Sendable, Equatable, Codable {
        public init() {}

        public var papers = 0
        public var terms = 0
        public var postingBytes = 0
        public var bitmapBytes = 0
        public var topListBytes = 0
        /// The last change of the store the index holds.
        public var sequence: Int64 = 0
        /// The store's latest change when last looked at: the lag is the difference.
        public var storeSequence: Int64 = 0
        /// Seconds the last build from the store took (0 when loaded from a snapshot).
        public var buildSeconds = 0.0
        public var loadSeconds = 0.0
        public var deadShare = 0.0
        /// Where the index came from: "snapshot", "built" or "" before it is ready.
        public var origin = ""
        public var snapshotSequence: Int64 = 0

        public var lag: Int64 { max(0, storeSequence - sequence) }
    }

    static let magic: UInt32 = 0x504B_4249  // "IBKP" little-endian: Paperboy Keyword Index
    static let version: UInt32 = 7
    /// Changes applied under one hold of the write lock.
    static let batch = 100

    public init(store: any Store, snapshotPath: String?, logger: Logger = Logger(label: "paperboy.index")) {
        self.store = store
        self.snapshotPath = snapshotPath
        self.logger = logger
    }

    /// The snapshot path for a database at `databasePath`: beside it.
    public static func snapshotPath(besideDatabase databasePath: String) -> String {
        databasePath + ".keyword-index"
    }

    public nonisolated var isReady: Bool { state.lock.reading { state.index != nil } }

    public nonisolated var status: Status { state.lock.reading { state.status } }

    /// Loads the snapshot when it belongs to this store, else builds from the store (and
    /// saves); then catches up.
    public func open() async throws {
        try await loadOrBuild()
        let status = self.status
        logger.notice("keyword index ready", metadata: ["papers": "\(status.papers)", "sequence": "\(status.sequence)", "origin": "\(status.origin)"])
    }

    private func loadOrBuild() async throws {
        let identity = try await store.storeIdentity()
        let latest = try await store.latestPaperChange()
        if let path = snapshotPath, FileManager.default.fileExists(atPath: path) {
            let started = ContinuousClock.now
            do {
                let (index, sequence, snapshotIdentity) = try Self.load(path)
                if snapshotIdentity != identity {
                    logger.notice("the keyword index snapshot belongs to another database: rebuilding", metadata: ["path": "\(path)"])
                } else if sequence > latest {
                    logger.notice("the keyword index snapshot is ahead of the database (restored?): rebuilding", metadata: ["path": "\(path)"])
                } else {
                    let seconds = (ContinuousClock.now - started).seconds
                    install(index, sequence: sequence, identity: identity, origin: "snapshot", buildSeconds: 0, loadSeconds: seconds)
                    state.lock.writing { state.status.snapshotSequence = sequence }
                    logger.info("keyword index loaded", metadata: ["papers": "\(index.count)", "seconds": "\(String(format: "%.1f", seconds))"])
                    try await catchUp()
                    return
                }
            } catch {
                logger.warning("the keyword index snapshot is unusable: rebuilding", metadata: ["error": "\(error)"])
            }
        }
        try await rebuild()
    }

    /// Builds the index from every stored paper, replaces the one in use (searches go on
    /// meanwhile), catches up and saves. The changes made during the build are applied after.
    public func rebuild() async throws {
        let identity = try await store.storeIdentity()
        let sequence = try await store.latestPaperChange()
        let started = ContinuousClock.now
        var index = KeywordIndex()
        // The next page is read and tokenized on another core while this one is added (detached:
        // a task of this actor's would wait for the adding to end).
        let store = self.store
        let parts = Self.tokenizingParts
        var next = Task.detached { try await Self.analysedPage(of: store, after: nil, parts: parts) }
        while true {
            let page = try await next.value
            guard let last = page.last else { break }
            try Task.checkCancellation()
            next = Task.detached { try await Self.analysedPage(of: store, after: last.id, parts: parts) }
            for paper in page { index.add(paper, inBulk: true) }
        }
        index.finishBulk()
        let seconds = (ContinuousClock.now - started).seconds
        install(index, sequence: sequence, identity: identity, origin: "built", buildSeconds: seconds, loadSeconds: 0)
        logger.info("keyword index built", metadata: ["papers": "\(index.count)", "seconds": "\(String(format: "%.1f", seconds))"])
        try await catchUp()
        try save()
    }

    /// The papers after `after` (2,000, in id order), tokenized in `parts` parts at once (each
    /// with its own stems: a thousand papers repeat most of their words).
    private static func analysedPage(of store: any Store, after: PaperID?, parts: Int) async throws -> [AnalysedPaper] {
        let papers = try await store.papers(after: after, limit: 2_000)
        let size = (papers.count + parts - 1) / parts
        return await withTaskGroup(of: (Int, [AnalysedPaper]).self) { group in
            for part in 0..<parts {
                let slice = papers[min(papers.count, part * size)..<min(papers.count, (part + 1) * size)]
                group.addTask {
                    var analyser = PaperAnalyser()
                    return (part, slice.map { analyser.analyse($0) })
                }
            }
            var analysed = [[AnalysedPaper]](repeating: [], count: parts)
            for await (part, papers) in group { analysed[part] = papers }
            return analysed.flatMap { $0 }
        }
    }

    /// The parts a build tokenizes each page in, at once (the index takes papers meanwhile).
    static let tokenizingParts = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))

    private func install(_ index: KeywordIndex, sequence: Int64, identity: String, origin: String,
                         buildSeconds: Double, loadSeconds: Double) {
        state.lock.writing {
            state.index = index
            state.sequence = sequence
            state.identity = identity
            state.status.origin = origin
            state.status.buildSeconds = buildSeconds
            state.status.loadSeconds = loadSeconds
            state.status.storeSequence = max(state.status.storeSequence, sequence)
            refreshStatus()
        }
    }

    /// Applies every change the store has after the index's; returns how many.
    @discardableResult
    public func catchUp() async throws -> Int {
        // One catch-up at a time (the actor is re-entered at every await).
        guard isReady, !catchingUp else { return 0 }
        catchingUp = true
        defer { catchingUp = false }
        var applied = 0
        while true {
            let from = state.lock.reading { state.sequence }
            let changes = try await store.paperChanges(after: from, limit: 1_000)
            guard !changes.isEmpty else { break }
            for start in stride(from: 0, to: changes.count, by: Self.batch) {
                let part = changes[start..<min(changes.count, start + Self.batch)]
                logger.debug("keyword index applying changes", metadata: ["from": "\(part.first!.sequence)", "to": "\(part.last!.sequence)"])
                state.lock.writing {
                    for change in part {
                        if let paper = change.paper { state.index?.add(paper) } else { state.index?.remove(change.id) }
                    }
                    state.sequence = part.last!.sequence
                }
            }
            applied += changes.count
        }
        let latest = try await store.latestPaperChange()
        state.lock.writing {
            state.status.storeSequence = latest
            refreshStatus()
        }
        return applied
    }

    /// Must hold the write lock.
    private nonisolated func refreshStatus() {
        guard let index = state.index else { return }
        state.status.papers = index.count
        state.status.terms = index.termCount
        state.status.postingBytes = index.postingBytes
        state.status.bitmapBytes = index.bitmapBytes
        state.status.topListBytes = index.topListBytes
        state.status.sequence = state.sequence
        state.status.deadShare = index.deadShare
    }

    /// Writes the snapshot (when there is a path): the index as of now and the change it covers.
    public func save() throws {
        guard let path = snapshotPath else { return }
        let written: (body: [UInt8], sequence: Int64)? = state.lock.reading {
            guard let index = state.index else { return nil }
            var writer = SnapshotWriter()
            writer.write(state.identity)
            writer.write(state.sequence)
            index.write(to: &writer)
            return (writer.bytes, state.sequence)
        }
        guard let (body, sequence) = written else { return }
        // Writing read every page of the snapshot the index reads in place (if any): let them
        // go again. (That file, replaced below, stays on disk until the index lets go of it.)
        state.lock.reading { state.index?.mapping }?.releasePages()
        try SnapshotFile.write(body, magic: Self.magic, version: Self.version, to: path)
        state.lock.writing { state.status.snapshotSequence = sequence }
        logger.debug("keyword index saved", metadata: ["sequence": "\(sequence)", "bytes": "\(body.count)"])
    }

    /// A snapshot's index, the change it covers and the store it was built from.
    static func load(_ path: String) throws -> (KeywordIndex, Int64, String) {
        try SnapshotFile.read(path, magic: magic, version: version) { reader, mapping in
            let identity = try reader.readString()
            let sequence = try reader.read(Int64.self)
            let index = try KeywordIndex(reading: &reader, mapping: mapping)
            return (index, sequence, identity)
        }
    }

    /// What a snapshot file holds, for `paperboy index status` without loading a server.
    public static func describeSnapshot(_ path: String) throws -> Status {
        let (index, sequence, _) = try load(path)
        var status = Status()
        status.papers = index.count
        status.terms = index.termCount
        status.postingBytes = index.postingBytes
        status.bitmapBytes = index.bitmapBytes
        status.topListBytes = index.topListBytes
        status.sequence = sequence
        status.snapshotSequence = sequence
        status.deadShare = index.deadShare
        status.origin = "snapshot"
        return status
    }

    /// Runs `body` on the index as it is now (nil before it is ready), for benchmarks.
    public nonisolated func withIndex<T>(_ body: (KeywordIndex) -> T) -> T? {
        state.lock.reading { state.index.map(body) }
    }

    /// The papers that `request`'s filters admit (categories, author groups, exclusions,
    /// dates; not its meaning words), for filtered semantic search; nil when the index is
    /// not ready or cannot tell (detail filters, phrases, prefixes).
    public nonisolated func admitted(by request: SearchRequest) -> [PaperID]? {
        var filters = request.query
        guard filters.paperID == nil, !filters.filtersDetails else { return nil }
        filters.required = filters.required.filter { group in group.allSatisfy { $0.field == .authors } }
        let text = TextQuery(filters) ?? TextQuery(groups: [])
        return state.lock.reading { state.index?.admitted(by: text, since: request.since, until: request.until) }
    }

    /// The page of `request` from the index with the total when `withTotal`, or nil when the
    /// index cannot answer it (not loaded yet, an id, filters only, an order by stars, detail
    /// filters, phrases or prefixes): the store answers those.
    public nonisolated func search(_ request: SearchRequest, withTotal: Bool) -> (hits: [KeywordIndex.Hit], total: Int?)? {
        let query = request.query
        guard query.paperID == nil, query.hasRankingTerms, request.sort == .relevance, !query.filtersDetails,
              let text = TextQuery(query) else { return nil }
        return state.lock.reading {
            guard let index = state.index else { return nil }
            let wanted = max(0, request.offset) + max(0, request.limit)
            guard let hits = index.search(text, since: request.since, until: request.until, limit: wanted) else { return nil }
            let total = withTotal ? index.count(text, since: request.since, until: request.until) : nil
            return (Array(hits.dropFirst(max(0, request.offset))), total)
        }
    }

    /// How each of `ids`' title and abstract hold the words of `text` (`TextMatchFeatures`),
    /// from the positions the index keeps; nil when the index is not ready. Papers it does
    /// not hold are left out.
    public nonisolated func textFeatures(of ids: [PaperID], words text: String) -> [PaperID: TextMatchFeatures]? {
        state.lock.reading {
            guard let index = state.index else { return nil }
            let query = index.textQuery(text)
            var features: [PaperID: TextMatchFeatures] = [:]
            for id in ids { features[id] = index.textFeatures(of: id, query: query) }
            return features
        }
    }
}
