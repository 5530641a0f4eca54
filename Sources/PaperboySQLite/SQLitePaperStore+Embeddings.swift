import Foundation
import GRDB
import PaperboyCore

extension SQLitePaperStore {
    public func papersNeedingEmbedding(model: String, limit: Int) async throws -> [Paper] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(SQLitePaperStore.qualifiedColumns) FROM papers
                LEFT JOIN paper_embeddings ON paper_embeddings.paper_pk = papers.pk AND paper_embeddings.model = ?
                WHERE paper_embeddings.paper_pk IS NULL
                ORDER BY coalesce(papers.listed, papers.published) DESC, papers.pk DESC LIMIT ?
                """, arguments: [model, max(0, limit)]).map { try PaperRecord.paper($0) }
        }
    }

    public func saveEmbeddings(_ embeddings: [(id: PaperID, vector: [Float])], model: String) async throws {
        try await pool.write { db in
            for (id, vector) in embeddings {
                let blob = vector.withUnsafeBufferPointer { Data(buffer: $0) }
                try db.execute(sql: """
                    INSERT INTO paper_embeddings (paper_pk, model, vector) SELECT pk, ?, ? FROM papers WHERE id = ?
                    ON CONFLICT (paper_pk) DO UPDATE SET model = excluded.model, vector = excluded.vector
                    """, arguments: [model, blob, id.rawValue])
            }
        }
    }

    public func embeddings(model: String) async throws -> [(id: PaperID, vector: [Float])] {
        try await pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT papers.id, paper_embeddings.vector FROM paper_embeddings JOIN papers ON papers.pk = paper_embeddings.paper_pk
                WHERE paper_embeddings.model = ?
                """, arguments: [model])
            var result: [(id: PaperID, vector: [Float])] = []
            while let row = try rows.next() {
                guard let id = PaperID.parse(row[0] as String)?.id else { continue }
                let blob: Data = row[1]
                let vector = blob.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
                result.append((id, vector))
            }
            return result
        }
    }

    public func embeddedPaperIDs(model: String) async throws -> [PaperID] {
        try await pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT papers.id FROM paper_embeddings JOIN papers ON papers.pk = paper_embeddings.paper_pk
                WHERE paper_embeddings.model = ?
                """, arguments: [model]).compactMap { PaperID.parse($0)?.id }
        }
    }

    public func embeddings(ids: [PaperID], model: String) async throws -> [(id: PaperID, vector: [Float])] {
        try await pool.read { db in
            try db.rows(in: ids.map(\.rawValue), leading: [model]) { """
                SELECT papers.id, paper_embeddings.vector FROM paper_embeddings JOIN papers ON papers.pk = paper_embeddings.paper_pk
                WHERE paper_embeddings.model = ? AND papers.id IN (\($0))
                """
            }.compactMap { row in
                guard let id = PaperID.parse(row[0] as String)?.id else { return nil }
                let blob: Data = row[1]
                return (id, blob.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) })
            }
        }
    }

    public func embeddingCoverage(model: String) async throws -> (embedded: Int, papers: Int) {
        try await pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM paper_embeddings WHERE model = ?", arguments: [model]) ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM papers") ?? 0)
        }
    }
}
