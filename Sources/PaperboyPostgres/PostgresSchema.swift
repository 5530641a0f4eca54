import Foundation
import Logging
import PostgresNIO

/// The schema's history, applied in order by whichever process gets the migration lock first;
/// the others wait for it and find nothing left to do. A migration never changes once
/// shipped: add a new one instead.
enum PostgresSchema {
    /// Advisory lock keys (any 64-bit numbers, fixed for the life of the schema).
    static let migrationLock: Int64 = 0x5061_7065_7262_6F01  // "Paperbo" 1
    static let paperWritesLock: Int64 = 0x5061_7065_7262_6F02

    static let migrations: [(name: String, sql: String)] = [
        ("v1-initial", """
            -- Server-wide values such as the token-signing secret and the store's identity.
            CREATE TABLE settings (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL);
            -- Fixed at creation: an index built from another database is not caught up.
            INSERT INTO settings (key, value) VALUES ('store-identity', md5(random()::text || clock_timestamp()::text));

            CREATE TABLE papers (
                pk BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT COLLATE "C" NOT NULL UNIQUE,      -- normalised arXiv id, no version
                title TEXT NOT NULL CHECK (title <> ''),
                abstract TEXT,
                authors TEXT[] NOT NULL,                  -- in the paper's order
                categories TEXT[] NOT NULL,               -- primary first
                published TEXT,                           -- YYYY-MM-DD
                updated TEXT,
                version INTEGER CHECK (version IS NULL OR version > 0),
                doi TEXT,
                journal_ref TEXT,
                comments TEXT,
                code_repository TEXT,
                code_found_in_text BOOLEAN NOT NULL DEFAULT false,
                code_stars INTEGER,
                project_page TEXT,
                ai_summary TEXT,
                ai_keywords TEXT[] NOT NULL DEFAULT '{}',
                discussion_comments INTEGER,
                thumbnail TEXT,
                submitted_by TEXT,
                venue TEXT,                               -- derived, for venue: searches
                upvotes INTEGER CHECK (upvotes IS NULL OR upvotes >= 0),
                listed TEXT,
                sources TEXT[] NOT NULL,
                votes INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0),  -- votes cast here
                terms TSVECTOR NOT NULL,                  -- PostgresTextSearch.document
                term_count INTEGER NOT NULL               -- bm25's document length
            );
            CREATE INDEX papers_terms ON papers USING gin (terms);
            CREATE INDEX papers_published ON papers (published);
            -- Trending ranks the papers that appeared in a window.
            CREATE INDEX papers_appeared ON papers ((coalesce(listed, published)), upvotes, votes, id);
            CREATE INDEX papers_code ON papers (code_stars) WHERE code_repository IS NOT NULL;

            -- The change sequence search indexes catch up from (PaperChangeStore). Paper
            -- writes hold an advisory lock, so sequence order is commit order.
            CREATE TABLE paper_changes (
                sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                paper_id TEXT COLLATE "C" NOT NULL
            );

            CREATE TABLE votes (
                paper_pk BIGINT NOT NULL REFERENCES papers(pk) ON DELETE CASCADE,
                voter TEXT NOT NULL,
                cast_at DOUBLE PRECISION NOT NULL,        -- Unix time
                cast_day TEXT NOT NULL,                   -- its UTC day, for the per-network limit
                network TEXT,
                counted BOOLEAN NOT NULL,
                PRIMARY KEY (paper_pk, voter)
            );
            CREATE INDEX votes_voter ON votes (voter);
            CREATE INDEX votes_network ON votes (paper_pk, network, cast_day);

            CREATE TABLE similar_lists (
                paper_pk BIGINT PRIMARY KEY REFERENCES papers(pk) ON DELETE CASCADE,
                computed_at DOUBLE PRECISION NOT NULL,
                paper_pks BIGINT[] NOT NULL,              -- best first
                scores REAL[] NOT NULL
            );
            CREATE INDEX similar_lists_computed ON similar_lists (computed_at);

            CREATE TABLE paper_embeddings (
                paper_pk BIGINT PRIMARY KEY REFERENCES papers(pk) ON DELETE CASCADE,
                model TEXT NOT NULL,
                vector BYTEA NOT NULL                     -- float32 little-endian
            );

            -- New words need a new embedding and a new similar list.
            CREATE FUNCTION papers_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF old.title IS DISTINCT FROM new.title OR old.abstract IS DISTINCT FROM new.abstract THEN
                    DELETE FROM paper_embeddings WHERE paper_pk = old.pk;
                    DELETE FROM similar_lists WHERE paper_pk = old.pk;
                END IF;
                RETURN new;
            END $$;
            CREATE TRIGGER papers_words_changed AFTER UPDATE OF title, abstract ON papers
                FOR EACH ROW EXECUTE FUNCTION papers_words_changed();

            CREATE TABLE subscriptions (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                email TEXT NOT NULL,
                topics TEXT NOT NULL,                     -- JSON array of topic strings
                frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly')),
                hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
                time_zone TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'paused', 'unsubscribed')),
                last_digest_day TEXT,
                bounces INTEGER NOT NULL DEFAULT 0,
                created_at DOUBLE PRECISION NOT NULL,
                confirmed_at DOUBLE PRECISION,
                confirm_round INTEGER NOT NULL DEFAULT 0,
                only_with_code BOOLEAN NOT NULL DEFAULT false
            );
            -- One subscription per address, case ignored, however many servers take requests.
            CREATE UNIQUE INDEX subscriptions_email ON subscriptions (lower(email));

            -- Every email, created once per (subscription, kind, period) and then delivered.
            CREATE TABLE outbox (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                subscription_id BIGINT REFERENCES subscriptions(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('digest', 'confirm', 'manage', 'signin')),
                period TEXT NOT NULL,
                message_id TEXT NOT NULL UNIQUE,
                recipient TEXT NOT NULL,
                message BYTEA NOT NULL,
                status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at DOUBLE PRECISION NOT NULL,
                claimed_by TEXT,                          -- the delivering process (host:pid) ...
                claimed_until DOUBLE PRECISION,           -- ... holds the mail until then
                last_error TEXT,
                created_at DOUBLE PRECISION NOT NULL,
                sent_at DOUBLE PRECISION,
                UNIQUE (subscription_id, kind, period),
                CHECK ((subscription_id IS NULL) = (kind = 'signin'))
            );
            CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
            -- One row per paper in each digest mail.
            CREATE TABLE digest_papers (
                subscription_id BIGINT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
                paper_id TEXT COLLATE "C" NOT NULL,
                outbox_id BIGINT NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
                PRIMARY KEY (subscription_id, paper_id, outbox_id)
            );
            CREATE INDEX digest_papers_outbox ON digest_papers (outbox_id);

            -- Each fetcher's progress (JSON), saved with the papers of every page it imports.
            CREATE TABLE fetch_state (
                source TEXT COLLATE "C" PRIMARY KEY,
                state TEXT NOT NULL,
                saved_at DOUBLE PRECISION NOT NULL
            );

            -- What a job set aside and why: one row per (job, item).
            CREATE TABLE job_problems (
                job TEXT NOT NULL,
                item TEXT NOT NULL,
                reason TEXT NOT NULL,
                count INTEGER NOT NULL,
                first_at DOUBLE PRECISION NOT NULL,
                last_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (job, item)
            );

            -- Readers who signed in; an identity never gives a deleted account's id again.
            CREATE TABLE accounts (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                email TEXT NOT NULL,
                created DOUBLE PRECISION NOT NULL
            );
            CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));
            CREATE TABLE library_items (
                account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                collection TEXT COLLATE "C" NOT NULL CHECK (collection <> ''),
                paper_pk BIGINT NOT NULL REFERENCES papers(pk) ON DELETE CASCADE,
                saved DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (account_id, collection, paper_pk)
            );
            CREATE TABLE ratings (
                account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                paper_pk BIGINT NOT NULL REFERENCES papers(pk) ON DELETE CASCADE,
                rating SMALLINT NOT NULL CHECK (rating IN (-1, 1)),
                rated DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (account_id, paper_pk)
            );
            -- Signed-in sessions: only a hash of each token is kept.
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                expires DOUBLE PRECISION NOT NULL
            );
            CREATE INDEX sessions_account ON sessions (account_id);
            -- Sign-in links already used: a link works once.
            CREATE TABLE spent_login_nonces (
                nonce TEXT PRIMARY KEY,
                expires DOUBLE PRECISION NOT NULL
            );
            """),
        ("v2-job-leases", """
            -- Which process runs each background job now (JobLeaseStore).
            CREATE TABLE job_leases (
                job TEXT PRIMARY KEY,
                holder TEXT NOT NULL,
                expires DOUBLE PRECISION NOT NULL
            );
            """),
    ]

    /// A migration's statements, one at a time (postgres-nio speaks only the extended
    /// protocol, one statement a query): split at each `;` that ends a line outside a
    /// `$$`-quoted function body.
    static func statements(in sql: String) -> [String] {
        var statements: [String] = []
        var current: [Substring] = []
        var inBody = false
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            current.append(line)
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !inBody, trimmed.hasSuffix(";"), !trimmed.hasPrefix("--") {
                statements.append(current.joined(separator: "\n"))
                current = []
            }
        }
        let rest = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty, !rest.split(separator: "\n").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }) {
            statements.append(rest)
        }
        return statements
    }

    /// The names of the migrations applied, in order.
    static var names: [String] { migrations.map(\.name) }

    /// Applies what is missing, each migration in its own transaction, all under the
    /// migration lock (held for the session, so a process that dies releases it).
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.run("SELECT pg_advisory_lock(\(migrationLock))", logger)
            do {
                try await connection.run("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                    )
                    """, logger)
                let applied = Set(try await connection.all("SELECT name FROM schema_migrations", logger).map { try $0.value(0, as: String.self) })
                for migration in migrations where !applied.contains(migration.name) {
                    try await connection.run("BEGIN", logger)
                    do {
                        for statement in statements(in: migration.sql) {
                            try await connection.run(PostgresQuery(unsafeSQL: statement), logger)
                        }
                        try await connection.run("INSERT INTO schema_migrations (name) VALUES (\(migration.name))", logger)
                        try await connection.run("COMMIT", logger)
                    } catch {
                        try? await connection.run("ROLLBACK", logger)
                        throw error
                    }
                    logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
                }
            } catch {
                try? await connection.run("SELECT pg_advisory_unlock(\(migrationLock))", logger)
                throw error
            }
            try await connection.run("SELECT pg_advisory_unlock(\(migrationLock))", logger)
        }
    }
}
