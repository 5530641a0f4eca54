import ArgumentParser

/// Options every subcommand takes; each falls back to a `PAPERBOY_*` variable, then a default.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The database: a SQLite file path or sqlite:PATH (env PAPERBOY_DB, default ./paperboy.sqlite).")
    var db: String?

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical (env PAPERBOY_LOG_LEVEL, default warning).")
    var logLevel: String?
}
