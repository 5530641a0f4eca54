import GRDB
import GRDBSQLite

/// An FTS5 auxiliary function written in Swift: FTS5 calls it once per matching row with
/// its extension API, the row's context, the SQL result context and the trailing arguments.
protocol FTS5AuxiliaryFunction: AnyObject, Sendable {
    static var functionName: String { get }
    func call(_ api: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer, _ context: OpaquePointer,
              _ arguments: UnsafeMutableBufferPointer<OpaquePointer?>)
}

extension FTS5AuxiliaryFunction {
    /// Registers `self` on one connection; the connection keeps it until it closes.
    func register(in db: Database) {
        let api = UnsafeMutablePointer(mutating: FTS5.api(db))
        let box = Unmanaged.passRetained(FunctionBox(self)).toOpaque()
        _ = api.pointee.xCreateFunction(api, Self.functionName, box, { apiPointer, fts, context, argc, argv in
            guard let apiPointer, let fts, let context, let user = apiPointer.pointee.xUserData(fts) else { return }
            let arguments = UnsafeMutableBufferPointer(start: argv, count: argv == nil ? 0 : Int(argc))
            Unmanaged<FunctionBox>.fromOpaque(user).takeUnretainedValue().function.call(apiPointer, fts, context, arguments)
        }, { user in
            if let user { Unmanaged<FunctionBox>.fromOpaque(user).release() }
        })
    }
}

/// What FTS5 holds as the function's user data (a C pointer cannot hold an existential).
private final class FunctionBox {
    let function: any FTS5AuxiliaryFunction
    init(_ function: any FTS5AuxiliaryFunction) { self.function = function }
}

/// Registers Paperboy's FTS5 functions on a connection, sharing one set of row facts.
enum PaperFTSFunctions {
    static func register(in db: Database) {
        guard let connection = db.sqliteConnection else { return }
        let facts = FTSRowFacts(connection: connection)
        BM25Ranker(facts: facts).register(in: db)
        PublishedDayFunction(facts: facts).register(in: db)
    }
}
