import ArgumentParser
import Foundation
import IncidentKit

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

extension Language: ExpressibleByArgument {}

/// Options every subcommand accepts (the public contract).
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("SQLite の記録ファイル / the SQLite store (default: $INCIDENT_DB, else $XDG_DATA_HOME/incident/incident.sqlite).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("表示言語 / language: ja or en (default: $INCIDENT_LANG, else ja).", valueName: "ja|en"))
    var lang: Language?

    @Option(name: .long, help: ArgumentHelp("対象のインシデント ID / the incident (may be left out when exactly one is open).", valueName: "id"))
    var incident: String?

    @Option(name: .long, help: ArgumentHelp("記録者 / who did it (default: $INCIDENT_ACTOR, else the OS user).", valueName: "name"))
    var by: String?

    @Option(name: .long, help: ArgumentHelp("手順書フォルダ / a folder of runbooks replacing the built-in ones (default: $INCIDENT_RUNBOOKS).", valueName: "dir"))
    var runbooks: String?

    @Option(
        name: .long, help: ArgumentHelp("チェックリストのフォルダ / a folder of checklists replacing the built-in ones (default: $INCIDENT_CHECKLISTS).", valueName: "dir"))
    var checklists: String?

    @Flag(name: .long, help: "JSON を出力 / print one JSON document on stdout.")
    var json = false

    @Option(
        name: .customLong("key"),
        help: ArgumentHelp(
            "鍵ファイル（新しい記録に署名、verify で署名を検査） / key file: new events carry its MAC, verify checks them (default: $INCIDENT_KEY_FILE).", valueName: "file"))
    var keyPath: String?

    var environment: Environment { Environment() }

    var language: Language {
        lang ?? environment["INCIDENT_LANG"].flatMap { Language(rawValue: $0.lowercased()) } ?? .ja
    }

    var dbPath: String {
        if let db { return db }
        if let env = environment["INCIDENT_DB"], !env.isEmpty { return env }
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (base as NSString).appendingPathComponent("incident/incident.sqlite")
    }

    /// Who is acting: `--by`, else `INCIDENT_ACTOR`, else the name this store
    /// remembers (asked once by `declare` and `guide`), else the OS account,
    /// which `osAccount` marks as a name no one gave.
    var actorIdentity: (name: String, osAccount: Bool) {
        if let by, !by.trimmingCharacters(in: .whitespaces).isEmpty { return (by, false) }
        if let env = environment["INCIDENT_ACTOR"], !env.isEmpty { return (env, false) }
        if let remembered = settings.operatorName { return (remembered, false) }
        let user = ProcessInfo.processInfo.userName
        return (user.isEmpty ? "unknown" : user, true)
    }

    var actor: String { actorIdentity.name }

    /// What this store remembers outside the record (current incident, operator).
    var settings: LocalSettings { LocalSettings.load(store: dbPath) }

    /// Whether the name this store remembers is the one in use and is older
    /// than a shift (8 hours): at a terminal it is asked again.
    var actorIsStale: Bool {
        guard by?.trimmingCharacters(in: .whitespaces).isEmpty ?? true, (environment["INCIDENT_ACTOR"] ?? "").isEmpty else { return false }
        return settings.operatorNameIsStale(now: now)
    }

    /// `actorIdentity`, after asking the person at a terminal for their name
    /// when no one gave one, or when the remembered one is older than a shift
    /// (Enter keeps the name shown), and remembering it for this store (the
    /// store must exist). Off a terminal, or with `--json`, nothing is asked.
    func askedActor() -> (name: String, osAccount: Bool) {
        let who = actorIdentity
        guard who.osAccount || actorIsStale, !json, Console.stdinIsTerminal else { return who }
        let l = language
        if who.osAccount {
            Console.out(
                l.pick(
                    ja: "記録者のお名前を入力してください（この記録ファイルに覚えます。Enter でとばす）: ",
                    en: "Your name, recorded as who did it (remembered for this store; Enter to skip): "))
        } else {
            Console.out(
                l.pick(
                    ja: "記録者は「\(who.name)」のままでよいですか？ 違えばお名前を入力してください [Enter=\(who.name)]: ",
                    en: "Still recording as '\(who.name)'? Type your name if not [Enter=\(who.name)]: "))
        }
        let typed = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces) ?? ""
        let name: String
        if typed.isEmpty {
            guard !who.osAccount else { return who }
            name = who.name
        } else if LocalSettings.isAcceptableName(typed) {
            name = typed
        } else {
            Console.line(
                l.pick(
                    ja: "その名前は使えません（64文字まで、制御文字なし）。「\(who.name)」で記録します。",
                    en: "That name cannot be used (64 characters at most, no control characters); recording as '\(who.name)'."))
            return who
        }
        var s = settings
        (s.operatorName, s.operatorNamedAt) = (name, now)
        do {
            try s.save(store: dbPath)
        } catch {
            Console.err(IncidentCommand.prefix(l) + IncidentCommand.message(error, l))
        }
        return (name, false)
    }

    /// The incident named on the command line, in the environment or as the
    /// store's current one; the library applies the rule (`IncidentChoice`).
    var choice: IncidentChoice {
        IncidentChoice(explicit: incident, environment: environment["INCIDENT_ID"], settings: settings)
    }

    /// The incident the user chose (`IncidentChoice.named`): nil to let the store
    /// pick the one open incident.
    func chosenIncident(_ store: EventStore, current: Bool = true) throws -> String? {
        try choice.named(in: store, useCurrent: current)
    }

    /// The command layer on `store`, with this process's clock and language.
    func service(_ store: EventStore) -> IncidentService {
        IncidentService(store: store, clock: Self.clock, language: language)
    }

    /// The facility time zone for display before any incident: $INCIDENT_TZ, else Asia/Tokyo.
    var timeZone: TimeZone {
        environment["INCIDENT_TZ"].flatMap(TimeZone.init(identifier:)) ?? .facilityDefault
    }

    /// The facility time zone for new incidents and `--at` values: $INCIDENT_TZ,
    /// else Asia/Tokyo. A name that is not a time zone is an error naming it,
    /// never silently Tokyo.
    func configuredTimeZone() throws(IncidentError) -> TimeZone {
        guard let name = environment["INCIDENT_TZ"], !name.isEmpty else { return .facilityDefault }
        guard let zone = TimeZone(identifier: name) else { throw .unknownTimeZone(name, source: "INCIDENT_TZ") }
        return zone
    }

    var catalog: RunbookCatalog {
        RunbookCatalog(directory: runbooks ?? environment["INCIDENT_RUNBOOKS"].flatMap { $0.isEmpty ? nil : $0 })
    }

    var checklistCatalog: ChecklistCatalog {
        ChecklistCatalog(directory: checklists ?? environment["INCIDENT_CHECKLISTS"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The key file, when one is configured (`--key`, else `$INCIDENT_KEY_FILE`).
    var keyFile: String? {
        if let keyPath, !keyPath.isEmpty { return keyPath }
        if let env = environment["INCIDENT_KEY_FILE"], !env.isEmpty { return env }
        return nil
    }

    func store(create: Bool = false) throws -> EventStore {
        let store = try EventStore(path: dbPath, create: create, clock: Self.clock, keyFile: keyFile)
        if store.finishedIncompleteCreation {
            Console.err(
                language.pick(
                    ja: "注意: 記録ファイル「\(dbPath)」は前回の作成が途中で中断されていました（記録は一件もありませんでした）。作り直して続けます。",
                    en: "Note: the store '\(dbPath)' was left unfinished by an interrupted creation (it held no record); it was finished now."))
        }
        if store.needsMigration, !json {
            Console.err(
                language.pick(
                    ja: "注意: 記録ファイル「\(dbPath)」は古い版の形式です。読み取りはそのまま行い（ファイルは変更しません）、記録するときに新しい形式へ更新します。",
                    en: "Note: the store '\(dbPath)' is from an older version. It is read as it is (unchanged); the first write brings it up to date."))
        }
        return store
    }

    /// The one clock of every command: the machine's. Debug builds (the test
    /// suite) may fix it with `INCIDENT_TEST_NOW` (the stored UTC form, `2026-11-25T00:10:00.000Z`) so end-to-end tests
    /// do not depend on the wall clock; release builds have no such hook, so no
    /// user can forge the recording time.
    static let clock: Clock = {
        #if DEBUG
            if let text = Environment()["INCIDENT_TEST_NOW"], let date = Timestamp.parseUTC(text) {
                return .fixed(date)
            }
        #endif
        return .system
    }()

    /// Now, from the one clock.
    var now: Date { Self.clock.now() }

    /// Parses an `--at` value in the facility time zone.
    func time(_ text: String?, timeZone: TimeZone? = nil) throws -> Date? {
        guard let text else { return nil }
        return try TimeInput.parse(text, now: now, timeZone: try timeZone ?? configuredTimeZone())
    }
}

/// Writes to stdout/stderr; JSON sorted and pretty on a terminal.
enum Console {
    /// Writes to stdout. When it cannot be written (a full disk, a closed
    /// stdout or pipe), says so on stderr and exits 1: never a crash, and
    /// whatever was recorded before stays recorded.
    static func out(_ text: String) {
        if let error = write(text, to: STDOUT_FILENO) { outputFailed(error) }
    }

    /// Writes all of `text` to `fd`; the errno of a failed write, else nil.
    @discardableResult
    static func write(_ text: String, to fd: Int32) -> Int32? {
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { systemWrite(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return nil
    }

    /// Stdout could not be written: a message on stderr (if it can be written), exit 1.
    static func outputFailed(_ error: Int32) -> Never {
        let l = IncidentCommand.languageFromArguments()
        let reason = String(cString: strerror(error))
        write(
            IncidentCommand.prefix(l)
                + l.pick(
                    ja: "出力を書き込めません（\(reason)）。ディスクの空きと出力先を確認してください。ここまでに記録したものは保存されています。\n",
                    en: "Cannot write the output (\(reason)). Check the free space and where the output goes. Whatever was recorded is kept.\n"),
            to: STDERR_FILENO)
        exit(1)
    }

    /// A line of text for people, fitted to the terminal's width.
    static func line(_ text: String = "") { out(TerminalText.fit(text, columns: columns) + "\n") }

    /// Text for people (one or more lines), fitted to the terminal's width;
    /// machine formats (CSV, JSON, reports written out) go through `out` untouched.
    static func text(_ text: String) {
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        out(TerminalText.fit(body, columns: columns) + "\n")
    }

    /// The width every text is wrapped to: `COLUMNS`, else the terminal's (ioctl), else 80.
    static let columns: Int = {
        var size = winsize()
        let reported = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 ? Int(size.ws_col) : nil
        return TerminalText.columns(environment: Environment()["COLUMNS"].map { ["COLUMNS": $0] } ?? [:], reported: reported)
    }()

    /// An error or note on stderr, as is: it often names a path or a
    /// `file:line:column` that people copy and tools match, so it is not wrapped.
    /// A message on stderr. On a terminal it is fitted to the width like every
    /// other text (a long Japanese message otherwise breaks wherever the terminal
    /// runs out of columns); piped or logged, each message stays one line.
    static func err(_ text: String) {
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        let shown = (isatty(STDERR_FILENO) == 1 ? TerminalText.fit(body, columns: columns) : body) + "\n"
        // A closed stderr has nobody to tell: the exit status still says it.
        write(shown, to: STDERR_FILENO)
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if stdoutIsTerminal { encoder.outputFormatting.insert(.prettyPrinted) }
        let data = try encoder.encode(value)
        out(String(decoding: data, as: UTF8.self) + "\n")
    }
}

/// The process environment, one variable at a time: `ProcessInfo.environment`
/// copies every variable into a new dictionary on each call.
struct Environment {
    subscript(name: String) -> String? { getenv(name).map { String(cString: $0) } }
}
