import DDBSQLite

extension AuditStore {
  /// Every schema change, in order. Forward-only: never edit or remove one, add a new one.
  static let migrator: Migrator = {
    var migrator = Migrator()
    migrator.register("v1 imports, tables, items and sightings") { db in
      try db.execute(
        """
        CREATE TABLE tables (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          profile TEXT NOT NULL,
          ix1_attribute TEXT,
          ix2_attribute TEXT
        );
        CREATE TABLE imports (
          id INTEGER PRIMARY KEY,
          identity TEXT NOT NULL UNIQUE,      -- exportArn, or sha256:<hex> of the content
          kind TEXT NOT NULL,                 -- full | incremental | scan | stream | pipeline | jsonl
          table_id INTEGER NOT NULL REFERENCES tables(id),
          table_arn TEXT,
          export_time INTEGER,                -- ms since 1970: the point in time a full export reflects
          export_from INTEGER,                -- ms: the window of an incremental export
          export_to INTEGER,
          source TEXT NOT NULL,               -- the folder or file imported
          verified INTEGER NOT NULL,          -- every checksum and count matched
          item_count INTEGER NOT NULL,
          new_versions INTEGER NOT NULL,
          imported_at INTEGER NOT NULL,
          manifest TEXT                       -- manifest-summary.json as found
        );
        CREATE TABLE import_files (
          import_id INTEGER NOT NULL REFERENCES imports(id),
          path TEXT NOT NULL,
          s3_key TEXT,
          md5 TEXT,
          etag TEXT,
          item_count INTEGER NOT NULL,
          bytes INTEGER NOT NULL,
          verified INTEGER NOT NULL,
          PRIMARY KEY (import_id, path)
        ) WITHOUT ROWID;
        CREATE TABLE items (
          id INTEGER PRIMARY KEY,
          table_id INTEGER NOT NULL REFERENCES tables(id),
          pk TEXT NOT NULL,
          sk TEXT NOT NULL,                   -- '' when the table has no sort key
          record_time INTEGER,                -- ms since 1970, from the profile's time source
          ttl INTEGER,                        -- the TTL attribute when it is an integer N
          ix1 TEXT,                           -- values of the profile's indexed attributes
          ix2 TEXT,
          item TEXT NOT NULL,                 -- canonical DynamoDB JSON (spec §2), or the raw JSON when noncanonical
          noncanonical TEXT,                  -- why the item has no canonical form
          chain_id TEXT,                      -- chained tables: the chain the record belongs to
          seq INTEGER,                        -- chained tables: the record's seq, prevHash and stored hash
          prev_hash TEXT,
          hash TEXT,
          unchained TEXT,                     -- chained tables: why seq/prevHash/hash are missing or malformed
          first_seen INTEGER NOT NULL,        -- ms: the earliest and latest point in time an import saw this version
          last_seen INTEGER NOT NULL,
          first_import INTEGER NOT NULL REFERENCES imports(id)
        );
        CREATE INDEX items_by_key ON items(table_id, pk, sk);
        CREATE INDEX items_by_time ON items(table_id, record_time);
        CREATE INDEX items_by_ix1 ON items(table_id, ix1, record_time) WHERE ix1 IS NOT NULL;
        CREATE INDEX items_by_ix2 ON items(table_id, ix2, record_time) WHERE ix2 IS NOT NULL;
        CREATE INDEX items_by_chain ON items(table_id, chain_id, seq) WHERE chain_id IS NOT NULL;
        CREATE TABLE sightings (
          import_id INTEGER NOT NULL REFERENCES imports(id),
          item_id INTEGER NOT NULL REFERENCES items(id),
          PRIMARY KEY (import_id, item_id)
        ) WITHOUT ROWID;
        """)
    }
    migrator.register("v2 changes seen in incremental exports and stream records") { db in
      try db.execute(
        """
        CREATE TABLE changes (
          id INTEGER PRIMARY KEY,
          import_id INTEGER NOT NULL REFERENCES imports(id),
          table_id INTEGER NOT NULL REFERENCES tables(id),
          pk TEXT NOT NULL,
          sk TEXT NOT NULL,
          event TEXT NOT NULL,                -- INSERT | MODIFY | REMOVE
          at INTEGER,                         -- ms: the write time (incremental) or approximate creation time (stream)
          event_id TEXT,                      -- the stream record's eventID
          ttl_deletion INTEGER NOT NULL,      -- a REMOVE by DynamoDB's TTL process (userIdentity dynamodb.amazonaws.com)
          item_id INTEGER REFERENCES items(id), -- the version written (INSERT, MODIFY), or the image removed
          line INTEGER                        -- where in its file the record was
        );
        CREATE UNIQUE INDEX changes_by_event ON changes(table_id, event_id) WHERE event_id IS NOT NULL;
        CREATE INDEX changes_by_key ON changes(table_id, pk, sk);
        """)
    }
    migrator.register("v3 profiles learned for tables no profile describes") { db in
      // The JSON of the profile learned from a table's keys (import --describe, --key, or the
      // Keys of its records), so that later commands need no flags; NULL for written profiles.
      try db.execute("ALTER TABLE tables ADD COLUMN learned_profile TEXT")
    }
    migrator.register("v4 validity spans instead of sightings and seen times") { db in
      // A version belongs to the imports of its table from from_import up to, not including,
      // to_import (NULL: still in the newest import's state). An import writes only the spans it
      // opens or closes, instead of a sighting per item and an update of every item's seen times.
      // Each run of consecutive imports (in id order, per table) that sighted a version becomes
      // one span; first_seen and last_seen are derived from the spans and the imports' times.
      try db.execute(
        """
        CREATE TABLE spans (
          table_id INTEGER NOT NULL REFERENCES tables(id),
          item_id INTEGER NOT NULL REFERENCES items(id),
          from_import INTEGER NOT NULL REFERENCES imports(id),
          to_import INTEGER REFERENCES imports(id),
          PRIMARY KEY (table_id, item_id, from_import)
        ) WITHOUT ROWID;
        WITH ranked AS (
          SELECT id, table_id, row_number() OVER (PARTITION BY table_id ORDER BY id) AS r FROM imports
        ), seen AS (
          SELECT s.item_id, p.table_id, p.r, p.r - row_number() OVER (PARTITION BY s.item_id ORDER BY p.r) AS island
          FROM sightings s JOIN ranked p ON p.id = s.import_id
        ), runs AS (
          SELECT table_id, item_id, min(r) AS r0, max(r) AS r1 FROM seen GROUP BY item_id, island
        )
        INSERT INTO spans (table_id, item_id, from_import, to_import)
        SELECT runs.table_id, runs.item_id, a.id, b.id
        FROM runs JOIN ranked a ON a.table_id = runs.table_id AND a.r = runs.r0
        LEFT JOIN ranked b ON b.table_id = runs.table_id AND b.r = runs.r1 + 1
        ORDER BY 1, 2, 3;
        DROP TABLE sightings;
        ALTER TABLE items DROP COLUMN first_seen;
        ALTER TABLE items DROP COLUMN last_seen;
        """)
    }
    migrator.register("v5 the shard an import kept") { db in
      // `import --shard K/N` keeps only the chains (or partition keys) of shard K of N; every
      // import of a store keeps the same one (docs/scale.md). NULL: the whole table.
      try db.execute("ALTER TABLE imports ADD COLUMN shard TEXT")
    }
    migrator.register("v6 Cognito user pool snapshots and user versions") { db in
      // docs/access-review.md: each import of a user pool is a snapshot; each distinct version
      // of a user is one row of pool_users, in force from valid_from up to, not including,
      // valid_to (ms; NULL: still in the newest snapshot).
      try db.execute(
        """
        CREATE TABLE pool_snapshots (
          id INTEGER PRIMARY KEY,
          pool_id TEXT NOT NULL,
          identity TEXT NOT NULL,             -- sha256 of the files' bytes
          snapshot_time INTEGER NOT NULL,     -- ms: when the pool was in this state
          imported_at INTEGER NOT NULL,
          source TEXT NOT NULL,
          users INTEGER NOT NULL,
          groups TEXT NOT NULL,               -- the pool's groups (list-groups), canonical JSON
          UNIQUE (pool_id, identity)
        );
        CREATE TABLE pool_users (
          id INTEGER PRIMARY KEY,
          pool_id TEXT NOT NULL,
          username TEXT NOT NULL,
          sub TEXT,
          user TEXT NOT NULL,                 -- canonical JSON (PoolUser)
          valid_from INTEGER NOT NULL,
          valid_to INTEGER,
          from_snapshot INTEGER NOT NULL REFERENCES pool_snapshots(id),
          to_snapshot INTEGER REFERENCES pool_snapshots(id)
        );
        CREATE UNIQUE INDEX pool_users_current ON pool_users(pool_id, username) WHERE to_snapshot IS NULL;
        CREATE INDEX pool_users_by_username ON pool_users(pool_id, username, valid_from);
        CREATE INDEX pool_users_by_sub ON pool_users(pool_id, sub, valid_from) WHERE sub IS NOT NULL;
        """)
    }
    return migrator
  }()
}
