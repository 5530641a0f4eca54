import GRDB
import PaperboyCore

extension SQLitePaperStore {
    /// The schema's history. A migration never changes once shipped: add a new one instead.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-papers") { db in
            try db.execute(sql: """
                CREATE TABLE papers (
                    pk INTEGER PRIMARY KEY,          -- stable rowid for the FTS index
                    id TEXT NOT NULL UNIQUE,         -- normalised arXiv id, no version
                    title TEXT NOT NULL CHECK (title <> ''),
                    abstract TEXT,
                    authors TEXT NOT NULL,           -- JSON array, in the paper's order
                    categories TEXT NOT NULL,        -- space-separated, primary first
                    published TEXT,                  -- YYYY-MM-DD
                    updated TEXT,
                    version INTEGER CHECK (version IS NULL OR version > 0),
                    doi TEXT,
                    journal_ref TEXT,
                    comments TEXT,
                    upvotes INTEGER CHECK (upvotes IS NULL OR upvotes >= 0),
                    listed TEXT,
                    sources TEXT NOT NULL            -- JSON array
                );
                CREATE INDEX papers_published ON papers(published);
                CREATE INDEX papers_listed ON papers(listed);

                -- External-content full-text index over the papers table. Porter stemming so
                -- that "learning" finds "learned"; diacritics folded so "Muller" finds "Müller".
                CREATE VIRTUAL TABLE papers_fts USING fts5(
                    title, abstract, authors, categories,
                    content='papers', content_rowid='pk',
                    tokenize='porter unicode61 remove_diacritics 2'
                );

                -- Merge index segments in groups of 8 rather than 4: a bulk import writes about
                -- 20% faster, and searches measured no slower at p99 (BENCHMARKS.md).
                INSERT INTO papers_fts(papers_fts, rank) VALUES('automerge', 8);
                -- New rows are indexed by the store in bulk at the end of each write
                -- transaction (SQLitePaperStore.indexInserted), which is 2-3 times faster
                -- than a row-by-row insert trigger. Updates and deletes are rare: triggers.
                CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
                    INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors, categories)
                    VALUES ('delete', old.pk, old.title, old.abstract, old.authors, old.categories);
                END;
                CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract, authors, categories ON papers
                WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract
                  OR old.authors IS NOT new.authors OR old.categories IS NOT new.categories
                BEGIN
                    INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors, categories)
                    VALUES ('delete', old.pk, old.title, old.abstract, old.authors, old.categories);
                    INSERT INTO papers_fts(rowid, title, abstract, authors, categories)
                    VALUES (new.pk, new.title, new.abstract, new.authors, new.categories);
                END;
                """)
        }
        migrator.registerMigration("v2-votes-settings-vocabulary") { db in
            try db.execute(sql: """
                -- Votes cast on this Paperboy; papers.votes counts them so lists need no join.
                ALTER TABLE papers ADD COLUMN votes INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0);
                CREATE TABLE votes (
                    paper_pk INTEGER NOT NULL REFERENCES papers(pk) ON DELETE CASCADE,
                    voter TEXT NOT NULL,             -- a signed anonymous identity, later an account
                    cast_at TEXT NOT NULL,           -- ISO 8601
                    PRIMARY KEY (paper_pk, voter)
                ) WITHOUT ROWID;
                CREATE INDEX votes_voter ON votes(voter);

                -- Trending ranks the papers that appeared in a window on this index alone.
                CREATE INDEX papers_appeared ON papers(coalesce(listed, published), upvotes, votes);

                -- Server-wide values such as the token-signing secret.
                CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

                -- Document frequencies of indexed terms, for "more like this" similar papers.
                CREATE VIRTUAL TABLE papers_vocab USING fts5vocab(papers_fts, row);
                """)
        }
        migrator.registerMigration("v3-similar-lists") { db in
            try db.execute(sql: """
                -- Each paper's similar papers, computed once (a more-like-this query costs
                -- 20-60 ms on a large database) and read by every later view.
                CREATE TABLE similar_lists (
                    paper_pk INTEGER PRIMARY KEY REFERENCES papers(pk) ON DELETE CASCADE,
                    computed_at REAL NOT NULL,       -- Unix time; old lists are refreshed
                    papers BLOB NOT NULL             -- SimilarList: (pk, score) pairs, best first
                );
                CREATE INDEX similar_lists_computed ON similar_lists(computed_at);
                -- A paper whose words change needs its list again.
                CREATE TRIGGER papers_similar_stale AFTER UPDATE OF title, abstract ON papers
                WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract
                BEGIN
                    DELETE FROM similar_lists WHERE paper_pk = old.pk;
                END;
                """)
        }
        migrator.registerMigration("v4-subscriptions-outbox") { db in
            try db.execute(sql: """
                CREATE TABLE subscriptions (
                    id INTEGER PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE,
                    topics TEXT NOT NULL,            -- JSON array of topic strings
                    frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly')),
                    hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
                    time_zone TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'paused', 'unsubscribed')),
                    last_digest_day TEXT,            -- local day of the last digest (YYYY-MM-DD)
                    bounces INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL,
                    confirmed_at REAL
                );
                -- Every email, created once per (subscription, kind, period) and then delivered.
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY,
                    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('digest', 'confirm', 'manage')),
                    period TEXT NOT NULL,
                    message_id TEXT NOT NULL UNIQUE,
                    recipient TEXT NOT NULL,
                    message BLOB NOT NULL,
                    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    claimed_by TEXT,                 -- the delivering process (host:pid) ...
                    claimed_until REAL,              -- ... holds the mail until then
                    last_error TEXT,
                    created_at REAL NOT NULL,
                    sent_at REAL,
                    UNIQUE (subscription_id, kind, period)
                );
                CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
                -- Papers each reader received, so no digest repeats one.
                CREATE TABLE digest_papers (
                    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
                    paper_id TEXT NOT NULL,
                    outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
                    PRIMARY KEY (subscription_id, paper_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v5-fetch-state") { db in
            try db.execute(sql: """
                -- Each fetcher's progress (JSON), saved with the papers of every page it imports.
                CREATE TABLE fetch_state (
                    source TEXT PRIMARY KEY,
                    state TEXT NOT NULL,
                    saved_at REAL NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v6-embeddings") { db in
            try db.execute(sql: """
                -- Each paper's sentence embedding (float32 little-endian), with the model that made it.
                CREATE TABLE paper_embeddings (
                    paper_pk INTEGER PRIMARY KEY REFERENCES papers(pk) ON DELETE CASCADE,
                    model TEXT NOT NULL,
                    vector BLOB NOT NULL
                );
                -- New words need a new embedding.
                CREATE TRIGGER papers_embedding_stale AFTER UPDATE OF title, abstract ON papers
                WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract
                BEGIN
                    DELETE FROM paper_embeddings WHERE paper_pk = old.pk;
                END;
                """)
        }
        migrator.registerMigration("v7-confirm-rounds-job-problems") { db in
            try db.execute(sql: """
                -- Each subscribe request that makes a subscription pending starts a new round; a
                -- confirmation link works only for the round it was sent in.
                ALTER TABLE subscriptions ADD COLUMN confirm_round INTEGER NOT NULL DEFAULT 0;
                -- The client network of each vote, and whether it counted: a network gives a
                -- paper a few counted votes a day, however many cookies it drops.
                ALTER TABLE votes ADD COLUMN network TEXT;
                ALTER TABLE votes ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
                CREATE INDEX votes_network ON votes(paper_pk, network, cast_at);
                -- What a job set aside and why: one row per (job, item), so a reader, record or
                -- mail that keeps failing is one line with a count, not a growing log.
                CREATE TABLE job_problems (
                    job TEXT NOT NULL,
                    item TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    first_at REAL NOT NULL,
                    last_at REAL NOT NULL,
                    PRIMARY KEY (job, item)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v8-code-repository") { db in
            // Hugging Face's link to a paper's code (`paper.githubRepo`).
            try db.alter(table: "papers") { t in t.add(column: "code_repository", .text) }
        }
        migrator.registerMigration("v9-digest-papers-per-mail") { db in
            try db.execute(sql: """
                -- One row per paper in each digest mail, not per paper and reader: a paper that a
                -- delivered digest held stays received when a later digest holding it fails.
                CREATE TABLE digest_papers_new (
                    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
                    paper_id TEXT NOT NULL,
                    outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
                    PRIMARY KEY (subscription_id, paper_id, outbox_id)
                ) WITHOUT ROWID;
                INSERT INTO digest_papers_new SELECT subscription_id, paper_id, outbox_id FROM digest_papers;
                DROP TABLE digest_papers;
                ALTER TABLE digest_papers_new RENAME TO digest_papers;
                """)
        }
        migrator.registerMigration("v10-trending-ties-by-id") { db in
            try db.execute(sql: """
                -- Ties in trending go to the higher paper id (as TrendingRequest documents), not to
                -- the paper written last; with the id in the index the ranking still reads it alone.
                DROP INDEX papers_appeared;
                CREATE INDEX papers_appeared ON papers(coalesce(listed, published), upvotes, votes, id);
                """)
        }
        migrator.registerMigration("v11-paper-details") { db in
            // Hugging Face's details of a paper, the code link found in its text, and the venue
            // derived from its journal reference or comments (see `Paper`).
            try db.alter(table: "papers") { t in
                t.add(column: "code_found_in_text", .boolean).notNull().defaults(to: false)
                t.add(column: "code_stars", .integer)
                t.add(column: "project_page", .text)
                t.add(column: "ai_summary", .text)
                t.add(column: "ai_keywords", .text).notNull().defaults(to: "[]")
                t.add(column: "discussion_comments", .integer)
                t.add(column: "thumbnail", .text)
                t.add(column: "submitted_by", .text)
                t.add(column: "venue", .text)
            }
            // Papers stored before: find their code links and venues now, as an import would.
            let rows = try Row.fetchAll(db, sql: """
                SELECT pk, abstract, comments, journal_ref, code_repository FROM papers
                WHERE journal_ref IS NOT NULL OR comments IS NOT NULL OR (code_repository IS NULL AND (
                    abstract LIKE '%github.com/%' OR abstract LIKE '%gitlab.com/%' OR abstract LIKE '%huggingface.co/%'))
                """)
            for row in rows {
                let comments: String? = row["comments"], abstract: String? = row["abstract"]
                let given: String? = row["code_repository"]
                let found = given == nil ? CodeLinks.primary(in: [comments, abstract]) : nil
                try db.execute(sql: """
                    UPDATE papers SET venue = ?, code_repository = coalesce(code_repository, ?), code_found_in_text = ? WHERE pk = ?
                    """, arguments: [Venue.named(journalRef: row["journal_ref"], comments: comments), found, found != nil, row["pk"] as Int64])
            }
            try db.execute(sql: "CREATE INDEX papers_code ON papers(code_stars) WHERE code_repository IS NOT NULL")
        }
        migrator.registerMigration("v12-digest-only-with-code") { db in
            // A reader's choice to get only papers with a code link.
            try db.alter(table: "subscriptions") { t in t.add(column: "only_with_code", .boolean).notNull().defaults(to: false) }
        }
        migrator.registerMigration("v13-paper-changes") { db in
            try db.execute(sql: """
                -- The change sequence search indexes catch up from (PaperChangeStore): one row
                -- per write that changes what a paper is searched by. Writers are serialised,
                -- so sequence order is commit order. Papers stored before this version are in
                -- no row: an index is built from the papers themselves first.
                CREATE TABLE paper_changes (
                    sequence INTEGER PRIMARY KEY,
                    paper_id TEXT NOT NULL
                );
                -- Fixed at creation: an index built from another database is not caught up.
                INSERT INTO settings (key, value) VALUES ('store-identity', lower(hex(randomblob(16))))
                    ON CONFLICT (key) DO NOTHING;
                """)
        }
        migrator.registerMigration("v14-accounts-and-libraries") { db in
            try db.execute(sql: """
                -- Readers who signed in (AccountStore). One account per address, case ignored,
                -- as subscriptions compare addresses. AUTOINCREMENT: a deleted account's id is
                -- never given to a new one, so nothing issued for it can reach another reader.
                CREATE TABLE accounts (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    created TEXT NOT NULL
                );
                -- Their libraries (LibraryStore): a paper in each collection once.
                CREATE TABLE library_items (
                    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    collection TEXT NOT NULL CHECK (collection <> ''),
                    paper_pk INTEGER NOT NULL REFERENCES papers(pk) ON DELETE CASCADE,
                    saved TEXT NOT NULL,
                    PRIMARY KEY (account_id, collection, paper_pk)
                ) WITHOUT ROWID;
                CREATE TABLE ratings (
                    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    paper_pk INTEGER NOT NULL REFERENCES papers(pk) ON DELETE CASCADE,
                    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
                    rated TEXT NOT NULL,
                    PRIMARY KEY (account_id, paper_pk)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v15-sessions") { db in
            try db.execute(sql: """
                -- Signed-in sessions (SessionStore): only a hash of each token is kept.
                CREATE TABLE sessions (
                    token_hash TEXT PRIMARY KEY,
                    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    expires TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX sessions_account ON sessions(account_id);
                -- Sign-in links already used: a link works once.
                CREATE TABLE spent_login_nonces (
                    nonce TEXT PRIMARY KEY,
                    expires TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v16-sign-in-mail") { db in
            try db.execute(sql: """
                -- Sign-in links go through the outbox too: to an address, with no subscription.
                -- (SQLite changes a CHECK or NOT NULL only by copying the table.)
                CREATE TABLE outbox_new (
                    id INTEGER PRIMARY KEY,
                    subscription_id INTEGER REFERENCES subscriptions(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('digest', 'confirm', 'manage', 'signin')),
                    period TEXT NOT NULL,
                    message_id TEXT NOT NULL UNIQUE,
                    recipient TEXT NOT NULL,
                    message BLOB NOT NULL,
                    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    claimed_by TEXT,
                    claimed_until REAL,
                    last_error TEXT,
                    created_at REAL NOT NULL,
                    sent_at REAL,
                    UNIQUE (subscription_id, kind, period),
                    CHECK ((subscription_id IS NULL) = (kind = 'signin'))
                );
                INSERT INTO outbox_new (id, subscription_id, kind, period, message_id, recipient, message, status, attempts,
                                        next_attempt_at, claimed_by, claimed_until, last_error, created_at, sent_at)
                    SELECT id, subscription_id, kind, period, message_id, recipient, message, status, attempts,
                           next_attempt_at, claimed_by, claimed_until, last_error, created_at, sent_at FROM outbox;
                DROP TABLE outbox;
                ALTER TABLE outbox_new RENAME TO outbox;
                CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
                """)
        }
        migrator.registerMigration("v17-job-leases") { db in
            try db.execute(sql: """
                -- Which process runs each background job now (JobLeaseStore).
                CREATE TABLE job_leases (
                    job TEXT PRIMARY KEY,
                    holder TEXT NOT NULL,
                    expires REAL NOT NULL            -- Unix time
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
