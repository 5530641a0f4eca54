import Foundation
import PaperboyCore
import PostgresNIO

extension PostgresPaperStore {
    public func papersNeedingEmbedding(model: String, limit: Int) async throws -> [Paper] {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("""
                SELECT \(unescaped: PaperColumns.selection(qualifiedBy: "papers")) FROM papers
                LEFT JOIN paper_embeddings ON paper_embeddings.paper_pk = papers.pk AND paper_embeddings.model = \(model)
                WHERE paper_embeddings.paper_pk IS NULL
                ORDER BY coalesce(papers.listed, papers.published) DESC NULLS LAST, papers.pk DESC LIMIT \(max(0, limit))
                """, logger).map(PaperColumns.paper)
        }
    }

    public func saveEmbeddings(_ embeddings: [(id: PaperID, vector: [Float])], model: String) async throws {
        guard !embeddings.isEmpty else { return }
        let logger = self.logger
        try await transaction { connection in
            for (id, vector) in embeddings {
                let blob = vector.withUnsafeBufferPointer { Data(buffer: $0) }
                try await connection.run("""
                    INSERT INTO paper_embeddings (paper_pk, model, vector) SELECT pk, \(model), \(blob) FROM papers WHERE id = \(id.rawValue)
                    ON CONFLICT (paper_pk) DO UPDATE SET model = excluded.model, vector = excluded.vector
                    """, logger)
            }
        }
    }

    public func embeddings(model: String) async throws -> [(id: PaperID, vector: [Float])] {
        let logger = self.logger
        return try await read { connection in
            try await Self.vectors(connection.all("""
                SELECT papers.id, paper_embeddings.vector FROM paper_embeddings JOIN papers ON papers.pk = paper_embeddings.paper_pk
                WHERE paper_embeddings.model = \(model)
                """, logger))
        }
    }

    public func embeddedPaperIDs(model: String) async throws -> [PaperID] {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("""
                SELECT papers.id FROM paper_embeddings JOIN papers ON papers.pk = paper_embeddings.paper_pk
                WHERE paper_embeddings.model = \(model)
                """, logger).compactMap { PaperID.parse(try $0.value(0, as: String.self))?.id }
        }
    }

    public func embeddings(ids: [PaperID], model: String) async throws -> [(id: PaperID, vector: [Float])] {
        guard !ids.isEmpty else { return [] }
        let logger = self.logger
        return try await read { connection in
            try await Self.vectors(connection.all("""
                SELECT papers.id, paper_embeddings.vector FROM paper_embeddings JOIN papers ON papers.pk = paper_embeddings.paper_pk
                WHERE paper_embeddings.model = \(model) AND papers.id = ANY(\(ids.map(\.rawValue)))
                """, logger))
        }
    }

    public func embeddingCoverage(model: String) async throws -> (embedded: Int, papers: Int) {
        let logger = self.logger
        let counts: (Int, Int) = try await read { connection in
            let row = try await connection.all("""
                SELECT (SELECT count(*) FROM paper_embeddings WHERE model = \(model)), (SELECT count(*) FROM papers)
                """, logger)[0]
            return (try row.value(0), try row.value(1))
        }
        return (counts.0, counts.1)
    }

    /// (id, float32 little-endian vector) rows as vectors.
    private static func vectors(_ rows: [PostgresRandomAccessRow]) throws -> [(id: PaperID, vector: [Float])] {
        try rows.compactMap { row in
            guard let id = PaperID.parse(try row.value(0, as: String.self))?.id else { return nil }
            let blob: Data = try row.value(1)
            return (id, blob.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) })
        }
    }
}
