import ArgumentParser
import Foundation
import Hummingbird
import IncidentBoard
import IncidentKit

/// `incident-serve`: the web board. Prints the address to open (with its
/// session token) as its first line, then serves until Ctrl-C or SIGTERM.
@main
struct ServeMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident-serve",
        abstract: "インシデント対応ボード（ブラウザ用） / the incident board for browsers.",
        discussion: """
            最初の行に開くアドレス（http://HOST:PORT/?token=…）を表示します。止めるときは Ctrl-C。
            The first line printed is the address to open, with its session token. Ctrl-C stops it.
            INCIDENT_SERVE_TOKEN sets the token instead of a fresh one (at least 32 characters of A-Z a-z 0-9 - _).
            """
    )

    @Option(name: .long, help: ArgumentHelp("待ち受けるアドレス / address to listen on (port 0: any free port).", valueName: "host:port"))
    var listen: String = "127.0.0.1:8080"

    @Option(
        name: .long,
        help: ArgumentHelp("SQLite の記録ファイル / the SQLite store (default: $INCIDENT_DB, else $XDG_DATA_HOME/incident/incident.sqlite).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("表示言語 / language: ja or en (default: $INCIDENT_LANG, else ja).", valueName: "ja|en"))
    var lang: String?

    @Flag(
        name: .long,
        help: "スマートフォンから使う（院内LANから切り離したネットワークのみ） / serve phones on an isolated network (not the clinic's LAN, no default route).")
    var lan = false

    @Option(
        name: .customLong("lan-force"),
        help: ArgumentHelp("安全確認を省略する理由（記録に残ります） / override the network checks; the reason is recorded.", valueName: "reason"))
    var lanForce: String?

    @Flag(name: .long, help: "ブラウザで開く / open the address in the browser.")
    var open = false

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var language: Language {
        (lang ?? environment["INCIDENT_LANG"]).flatMap { Language(rawValue: $0.lowercased()) } ?? .ja
    }

    func validate() throws {
        if let lang, Language(rawValue: lang.lowercased()) == nil {
            throw ValidationError("--lang は ja か en です / --lang is ja or en.")
        }
        if let lanForce, lanForce.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--lan-force には理由を書いてください / --lan-force needs a reason.")
        }
    }

    func run() async throws {
        // Patient data may pass through: anything this process creates is private.
        umask(0o077)
        let l = language
        let address: ListenAddress
        do {
            address = try ListenAddress.parse(listen, lan: lan || lanForce != nil)
        } catch {
            Self.fail(error.message(l), code: 64, l)
        }
        let token: SessionToken
        if let given = environment["INCIDENT_SERVE_TOKEN"] {
            guard let t = SessionToken(given) else { Self.fail(SessionToken.refusal(l), code: 64, l) }
            token = t
        } else {
            token = .random()
        }
        let configuration = BoardConfiguration(
            dbPath: db ?? BoardConfiguration.defaultDBPath(environment: environment), token: token, listen: address, language: l,
            incidentID: environment["INCIDENT_ID"], templatesDirectory: environment["INCIDENT_TEMPLATES"].flatMap { $0.isEmpty ? nil : $0 },
            clock: Self.clock)
        // Beyond loopback: only an isolated network, unless overridden with a recorded reason.
        switch LANGate.decide(address, lan: lan, force: lanForce, dbPath: configuration.dbPath) {
        case .loopback, .isolated: break
        case .refused(let refusals):
            Self.fail(LANGate.refusal(refusals, l), code: 64, l)
        case .forced(let reason, let refusals):
            let actor = environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "incident-serve"
            do {
                let id = try LANGate.recordOverride(reason: reason, refusals: refusals, address: address, configuration: configuration, actor: actor)
                FileHandle.standardError.write(
                    Data(
                        (id.map { l.pick(ja: "安全確認の省略と理由を \($0) に記録しました。\n", en: "The override and its reason were recorded on \($0).\n") }
                            ?? l.pick(
                                ja: "対応中のインシデントがないため、安全確認の省略は記録されていません。\n",
                                en: "No incident is open: the override could not be recorded.\n")).utf8))
            } catch {
                Self.fail(l.pick(ja: "安全確認の省略を記録できません: \(error)", en: "Cannot record the override: \(error)"), code: 1, l)
            }
        }
        let open = self.open
        let app = BoardServer.application(configuration) { bound in
            // The first line, flushed at once: scripts and tests read it from a pipe or a file.
            let url = bound.startURL(token: token)
            FileHandle.standardOutput.write(Data((url + "\n").utf8))
            FileHandle.standardError.write(
                Data(
                    l.pick(
                        ja: "インシデント対応ボードを開始しました。上のアドレスをこのパソコンのブラウザで開いてください（Ctrl-C で終了）。\n",
                        en: "The incident board is running: open the address above in this computer's browser (Ctrl-C stops it).\n"
                    ).utf8))
            if !bound.isLoopbackAddress {
                // Phones open the address (no token) from the QR code, then type the pairing code shown on the board.
                let join = "http://\(bound.urlHost):\(bound.port)/"
                let colors = isatty(STDERR_FILENO) == 1
                let qr = (try? QRCode(join).terminalText(colors: colors)) ?? ""
                FileHandle.standardError.write(
                    Data(
                        (qr + join + "\n"
                            + l.pick(
                                ja: "スマートフォンはこのQRコードのアドレスを開き、ボードの「端末を追加」に出る参加番号を入力します（このパソコンで承認が必要です）。\n",
                                en:
                                    "Phones open this QR code's address and type the pairing code shown under Add a device on the board (approved on this computer).\n"
                            ))
                            .utf8))
            }
            if open { Self.openInBrowser(url, l) }
        }
        do {
            try await app.runService()
        } catch {
            Self.fail(
                l.pick(ja: "ボードを開始できません（\(listen)）: \(error)", en: "Cannot start the board on \(listen): \(error)"), code: 1, l)
        }
    }

    static func fail(_ message: String, code: Int32, _ l: Language) -> Never {
        FileHandle.standardError.write(Data((l.pick(ja: "エラー: ", en: "error: ") + message + "\n").utf8))
        Foundation.exit(code)
    }

    /// The machine's clock; debug builds (the test suite) may fix it with
    /// `INCIDENT_TEST_NOW`, as the CLI does.
    static let clock: Clock = {
        #if DEBUG
            if let text = ProcessInfo.processInfo.environment["INCIDENT_TEST_NOW"], let date = Timestamp.parseUTC(text) {
                return .fixed(date)
            }
        #endif
        return .system
    }()

    /// `xdg-open` (Linux) or `open` (macOS); a note on stderr when neither works.
    static func openInBrowser(_ url: String, _ l: Language) {
        #if os(macOS)
            let opener = "/usr/bin/open"
        #else
            let opener = "xdg-open"
        #endif
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [opener, url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            FileHandle.standardError.write(
                Data(l.pick(ja: "ブラウザを開けませんでした。上のアドレスを手で開いてください。\n", en: "Could not open a browser: open the address above by hand.\n").utf8))
        }
    }
}
