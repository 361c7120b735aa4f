import ArgumentParser
import Foundation
import IncidentKit

/// `incident serve`: runs the web board, `incident-serve`, in this process's
/// place (execv), so that `incident` itself never links the server.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", _superCommandName: IncidentCommand.name,
        abstract: "ブラウザ用の対応ボードを開始 / start the incident board for browsers.",
        discussion: """
            incident-serve（incident と同じフォルダ、または PATH にあるもの）を起動します。
            最初の行に、ブラウザで開くアドレス（127.0.0.1:8080/?token=… の形）を表示します。Ctrl-C で終了。
            例 / example:
              incident serve
              incident serve --listen 127.0.0.1:0 --open
            Runs incident-serve (beside incident, or on PATH), which prints the address to open \
            with its session token as its first line. Ctrl-C stops it.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("待ち受けるアドレス / address to listen on (port 0: any free port).", valueName: "host:port"))
    var listen: String?

    @Flag(name: .long, help: "スマートフォンから使う（院内LANから切り離したネットワークのみ） / serve phones on an isolated network.")
    var lan = false

    @Option(
        name: .customLong("lan-force"), help: ArgumentHelp("安全確認を省略する理由（記録に残ります） / override the network checks; the reason is recorded.", valueName: "reason"))
    var lanForce: String?

    @Flag(name: .long, help: "ブラウザで開く / open the address in the browser.")
    var open = false

    func run() throws {
        let l = global.language
        guard let server = Self.serverExecutable() else {
            Console.err(
                IncidentCommand.prefix(l)
                    + l.pick(
                        ja: "incident-serve が見つかりません。ソースのフォルダで `swift build --product incident-serve` を実行してビルドし、"
                            + "できた incident-serve を incident と同じフォルダ（または PATH の通ったフォルダ）に置いてください。",
                        en: "incident-serve was not found. Build it in the source folder with `swift build --product incident-serve` "
                            + "and put it in the same folder as incident (or on PATH)."))
            throw ExitCode(1)
        }
        var arguments = [server]
        if let listen { arguments += ["--listen", listen] }
        if let db = global.db { arguments += ["--db", db] }
        if let lang = global.lang { arguments += ["--lang", lang.rawValue] }
        if lan { arguments.append("--lan") }
        if let lanForce { arguments += ["--lan-force", lanForce] }
        if open { arguments.append("--open") }
        // The incident chosen here is the one the board shows; the rest of the environment passes as it is.
        if let incident = global.incident { setenv("INCIDENT_ID", incident, 1) }
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        execv(server, argv)
        let reason = String(cString: strerror(errno))
        Console.err(
            IncidentCommand.prefix(l) + l.pick(ja: "incident-serve を起動できません（\(server)）: \(reason)", en: "Cannot run incident-serve (\(server)): \(reason)"))
        throw ExitCode(1)
    }

    /// `incident-serve` beside the running `incident` (symbolic links resolved), else on PATH.
    static func serverExecutable() -> String? {
        let name = "incident-serve"
        var candidates: [String] = []
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            candidates.append(exe.deletingLastPathComponent().appendingPathComponent(name).path)
        }
        for dir in (Environment()["PATH"] ?? "").split(separator: ":") where !dir.isEmpty {
            candidates.append((String(dir) as NSString).appendingPathComponent(name))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
