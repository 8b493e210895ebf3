import GRDB

/// The SQLite schema as a list of versioned migrations, applied in order when a database is opened.
///
/// Migrations are never edited once released: a change to the schema is a new migration appended
/// to ``migrations``.
enum SQLiteSchema {
    /// A step of the schema: its name (recorded in the database once applied) and its SQL.
    struct Migration: Sendable {
        var name: String
        var sql: String
    }

    /// Every migration, oldest first.
    static let migrations = [
        Migration(name: "v1: runs, columnar curves, problems, source files", sql: runsCurvesProblemsAndSourceFiles),
        Migration(name: "v2: studies and trials", sql: studiesAndTrials),
        Migration(name: "v3: source file fingerprints", sql: sourceFileFingerprints),
        Migration(name: "v4: study leases", sql: studyLeases),
        Migration(name: "v5: several objectives", sql: severalObjectives),
        Migration(name: "v6: constraints", sql: constraints),
        Migration(name: "v7: run table segments", sql: runTableSegments),
        Migration(name: "v8: run attributes index", sql: runAttributesIndex),
    ]

    /// The migrator holding every migration.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.name) { db in try db.execute(sql: migration.sql) }
        }
        return migrator
    }

    /// v1: runs, columnar curves, problems, source files.
    private static let runsCurvesProblemsAndSourceFiles = """
        CREATE TABLE run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            source TEXT NOT NULL,
            format TEXT NOT NULL,
            status TEXT NOT NULL,
            status_reason TEXT,
            params TEXT NOT NULL,
            started_at REAL,
            ended_at REAL,
            training_seconds REAL,
            git_commit TEXT,
            messages TEXT NOT NULL,
            attributes TEXT NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE INDEX run_source ON run(source);
        CREATE TABLE curve (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            split TEXT NOT NULL,
            metric TEXT NOT NULL,
            position INTEGER NOT NULL,
            count INTEGER NOT NULL,
            value_data BLOB NOT NULL,
            axis_names TEXT NOT NULL,
            axis_data BLOB NOT NULL,
            PRIMARY KEY (run_id, split, metric)
        ) WITHOUT ROWID;
        CREATE TABLE problem (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            file TEXT NOT NULL,
            line INTEGER,
            column INTEGER,
            reason TEXT NOT NULL
        );
        CREATE INDEX problem_file_line ON problem(file, line);
        CREATE TABLE source_file (
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            modified_at REAL NOT NULL,
            consumed_bytes INTEGER NOT NULL,
            consumed_lines INTEGER NOT NULL,
            format TEXT NOT NULL,
            run_keys TEXT NOT NULL
        ) WITHOUT ROWID;
        """

    /// v2: studies and trials.
    private static let studiesAndTrials = """
        CREATE TABLE study (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            metric TEXT NOT NULL,
            goal TEXT NOT NULL,
            strategy TEXT NOT NULL,
            configuration TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            host TEXT NOT NULL,
            started_at REAL NOT NULL,
            git_commit TEXT,
            git_dirty INTEGER
        );
        CREATE TABLE trial (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            study_id INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            state TEXT NOT NULL,
            params TEXT NOT NULL,
            value REAL,
            value_count INTEGER,
            value_std REAL,
            value_ci_low REAL,
            value_ci_high REAL,
            intermediate TEXT NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL,
            message TEXT,
            attempts INTEGER NOT NULL,
            run_keys TEXT NOT NULL,
            UNIQUE (study_id, number)
        );
        CREATE INDEX trial_state ON trial(study_id, state);
        """

    /// v3: source file fingerprints.
    private static let sourceFileFingerprints = """
        ALTER TABLE source_file ADD COLUMN inode INTEGER;
        ALTER TABLE source_file ADD COLUMN head_hash INTEGER;
        ALTER TABLE source_file ADD COLUMN tail_hash INTEGER;
        """

    /// v4: study leases.
    private static let studyLeases = """
        CREATE TABLE study_lease (
            study_id INTEGER PRIMARY KEY REFERENCES study(id) ON DELETE CASCADE,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            process_start INTEGER NOT NULL,
            renewed_at REAL NOT NULL
        );
        """

    /// v5: several objectives: a study's list (`[{"metric", "goal"}]`, null for one) and a trial's value
    /// of each (`[{"mean", "n", "std", "ci95"}]`, null for one).
    private static let severalObjectives = """
        ALTER TABLE study ADD COLUMN objectives TEXT;
        ALTER TABLE trial ADD COLUMN objective_values TEXT;
        """

    /// v6: a trial's distance from meeting the study's constraints (null without constraints).
    private static let constraints = """
        ALTER TABLE trial ADD COLUMN constraint_violation REAL;
        """

    /// v7: the runs as columns (``HyperscopeCore/RunTable``), one blob per segment of 1,024 run ids
    /// (`segment = id >> 10`), and the whole table joined from them under segment -1. Triggers
    /// delete a run's segment and the whole table whenever a run is inserted, changed or deleted,
    /// whoever writes (a run's curves are only ever written with its row, and deleted with it);
    /// ``SQLiteStore/runTable()`` builds what is missing from the runs and stores it. A database of
    /// an earlier version gets its table at the first read.
    private static let runTableSegments = """
        CREATE TABLE run_table_segment (
            segment INTEGER PRIMARY KEY,
            data BLOB NOT NULL
        );
        CREATE TRIGGER run_table_run_inserted AFTER INSERT ON run BEGIN
            DELETE FROM run_table_segment WHERE segment IN (NEW.id >> 10, -1);
        END;
        CREATE TRIGGER run_table_run_updated AFTER UPDATE ON run BEGIN
            DELETE FROM run_table_segment WHERE segment IN (OLD.id >> 10, NEW.id >> 10, -1);
        END;
        CREATE TRIGGER run_table_run_deleted AFTER DELETE ON run BEGIN
            DELETE FROM run_table_segment WHERE segment IN (OLD.id >> 10, -1);
        END;
        """

    /// v8: the attributes of the runs that have any, in an index of their own: listing runs as JSON
    /// reads them (``SQLiteStore/runAttributes(ids:)``) without reading every run's row, parameters
    /// and messages with them (40 MB at 100,000 runs, of which a few kilobytes are attributes).
    private static let runAttributesIndex = """
        CREATE INDEX run_attributes ON run(id, attributes) WHERE attributes != '{}';
        """
}
