import Foundation
import Hummingbird
import IncidentKit

/// Phones joining the board: the 401 page offers the pairing-code entry
/// (`POST /pair`); the phone then waits (`/pair/wait`) until the person at the
/// laptop approves it on `/devices`, which shows the code, the address as a QR
/// code, the requests waiting and the devices joined (each can be revoked).
/// `/join-sheet` is the printable sheet for the kit: QR code, address, steps,
/// and no secret.
struct BoardPairing: Sendable {
    let configuration: BoardConfiguration
    let sessions: DeviceSessions
    let joined: JoinedDevices
    let desk: PairingDesk
    let hosts: AcceptedHosts
    let pages: BoardPages

    /// Paths reachable without a session: typing the code, and waiting for approval.
    static let openPaths: Set<String> = ["/pair", "/pair/wait"]
    /// The cookie of a phone waiting for approval (a secret of the request, not a session).
    static let joinCookie = "incident_join"

    // MARK: - Pages

    struct JoinPage {
        var frame: PageFrame
        var t: BoardText
        var heading: String
        var paragraphs: [String]
        var joinHeading: String
        var joinSteps: [String]
        var action: String
        var codeLabel, whoLabel, deviceLabel, devicePlaceholder, submit: String
        var codeValue, whoValue, deviceValue: String
        var formError: String?
    }

    struct WaitPage {
        var frame: PageFrame
        var t: BoardText
        var heading: String
        var paragraphs: [String]
        var refresh: Int
        var again: String
        var againLink: String
    }

    struct DevicesPage {
        struct Waiting {
            var label, client, at, handle, csrf: String
        }
        struct Joined {
            var label, client, at, handle, csrf: String
        }
        var frame: PageFrame
        var t: BoardText
        var heading: String
        var codeHeading, code, codeNote: String
        var addressHeading, address: String
        var qr: String
        var steps: [String]
        var loopbackNote: String?
        var waitingHeading, noneWaiting, approve, reject: String
        var waiting: [Waiting]
        var joinedHeading, noneJoined, revoke: String
        var joined: [Joined]
        var sheetLink, sheetLabel: String
        var langQuery: String
    }

    struct SheetPage {
        var frame: PageFrame
        var t: BoardText
        var heading: String
        var qr: String
        var address: String
        var steps: [String]
        var note: String
    }

    /// The address phones open: no token, no secret.
    static func joinAddress(_ address: ListenAddress) -> String { "http://\(address.urlHost):\(address.port)/" }

    static func joinSteps(_ l: Language) -> [String] {
        [
            l.pick(
                ja: "スマートフォンのカメラで、ノートPCのボード（「端末を追加」）か参加用紙のQRコードを読み取り、表示されたアドレスを開く",
                en: "Scan the QR code on the laptop's board (Add a device) or on the join sheet with the phone's camera, and open the address"),
            l.pick(
                ja: "ノートPCのボードに表示されている6桁の参加番号と、名前・端末名を入力して「参加を申し込む」を押す",
                en: "Type the 6-digit pairing code shown on the laptop's board, your name and the device's name, and press Request to join"),
            l.pick(
                ja: "ノートPCの担当者が、ボードで端末名を確かめて「承認」を押すと、この端末でボードが開きます",
                en: "The person at the laptop checks the device's name on the board and presses Approve: the board then opens on the phone"),
        ]
    }

    /// The 401 page: where the address comes from, and the pairing-code entry.
    static func joinPage(_ request: Request, _ l: Language, _ pages: BoardPages, values: FormBody = FormBody(), error: String? = nil) -> String {
        var frame = BoardRoutes.frame(request, l)
        let m = BoardMessage.unauthorized(l)
        frame.title = m.title
        let page = JoinPage(
            frame: frame, t: .of(l), heading: m.heading,
            paragraphs: m.paragraphs + [
                l.pick(
                    ja: "このアドレスは、ノートPCの画面（incident serve の表示、ボードの「端末を追加」）や、印刷した参加用紙のQRコードに出ています。"
                        + "QRコードやアドレスだけでは開けません。",
                    en:
                        "The address is shown on the laptop (what incident serve printed, the board's Add a device page) and as a QR code on the printed join sheet. "
                        + "The QR code or the address alone opens nothing.")
            ],
            joinHeading: l.pick(ja: "スマートフォン・別の端末から参加する", en: "Join from a phone or another device"), joinSteps: joinSteps(l),
            action: l == .en ? "/pair?lang=en" : "/pair", codeLabel: l.pick(ja: "参加番号（6桁）", en: "Pairing code (6 digits)"),
            whoLabel: l.pick(ja: "あなたの名前", en: "Your name"), deviceLabel: l.pick(ja: "この端末の名前", en: "This device's name"),
            devicePlaceholder: l.pick(ja: "例: 受付iPhone", en: "e.g. Reception iPhone"), submit: l.pick(ja: "参加を申し込む", en: "Request to join"),
            codeValue: "", whoValue: values["who"] ?? "", deviceValue: values["device"] ?? "", formError: error)
        return pages.render(page, "pairing")
    }

    /// Too many wrong tokens or codes from this address: 429, nothing checked.
    static func tooMany(_ seconds: Int, _ request: Request, _ l: Language, _ pages: BoardPages) -> Response {
        let minutes = max(1, (seconds + 59) / 60)
        let m = BoardMessage(
            title: l.pick(ja: "しばらく待ってください", en: "Please wait"),
            heading: l.pick(ja: "間違いが続いたため、しばらく受け付けません", en: "Too many wrong attempts"),
            paragraphs: [
                l.pick(
                    ja: "この端末からの参加番号・アクセス用アドレスの間違いが続きました。約\(minutes)分待ってから、ノートPCの画面を確かめて入力し直してください。",
                    en: "Wrong pairing codes or access addresses came from this device. Wait about \(minutes) min, check the laptop's screen and try again.")
            ])
        var response = BoardRoutes.html(pages.message(m, frame: BoardRoutes.frame(request, l)), status: .tooManyRequests)
        response.headers[.retryAfter] = String(seconds)
        return response
    }

    // MARK: - Routes

    func register(on router: Router<BoardRequestContext>) {
        let l0 = configuration.language
        let pages = self.pages

        // The code entry (also the 401 page of every other path).
        router.get("/pair") { request, _ in
            BoardRoutes.html(Self.joinPage(request, BoardRoutes.language(request, default: l0), pages))
        }

        // A phone types the code.
        router.post("/pair") { request, context in
            var request = request
            let l = BoardRoutes.language(request, default: l0)
            if let wait = desk.retryAfter(context.clientAddress) { return Self.tooMany(wait, request, l, pages) }
            let body = try await request.collectBody(upTo: BoardLimits.maxBodyBytes)
            let form = FormBody(decoding: String(buffer: body))
            let actor: BoardActor
            do {
                actor = try BoardActor(name: form["who"] ?? "", device: form["device"] ?? "")
            } catch {
                return BoardRoutes.html(Self.joinPage(request, l, pages, values: form, error: error.boardFormMessage(l)), status: .unauthorized)
            }
            switch desk.join(code: form["code"] ?? "", person: actor.name, device: actor.device, client: context.clientAddress) {
            case .tooManyAttempts(let wait):
                return Self.tooMany(wait, request, l, pages)
            case .wrongCode:
                let error = l.pick(
                    ja: "参加番号が違うか、期限が切れています。ノートPCのボードに表示されている番号を入力してください。",
                    en: "The pairing code is wrong or has expired: type the code the laptop's board shows.")
                return BoardRoutes.html(Self.joinPage(request, l, pages, values: form, error: error), status: .unauthorized)
            case .waiting(let joining):
                var response = Response.redirect(to: l == .en ? "/pair/wait?lang=en" : "/pair/wait", type: .normal)
                response.setCookie(Cookie(name: Self.joinCookie, value: joining.secret, path: "/pair", httpOnly: true, sameSite: .strict))
                return response
            }
        }

        // The phone waits for the laptop's approval, then gets its session once.
        router.get("/pair/wait") { request, _ in
            let l = BoardRoutes.language(request, default: l0)
            guard let secret = request.cookies[Self.joinCookie]?.value else {
                return BoardRoutes.html(Self.joinPage(request, l, pages), status: .unauthorized)
            }
            switch desk.redeem(secret: secret) {
            case .gone:
                let error = l.pick(
                    ja: "参加の申し込みは承認されなかったか、期限が切れました。もう一度、参加番号を入力してください。",
                    en: "The request to join was not approved or has expired. Type the pairing code again.")
                var response = BoardRoutes.html(Self.joinPage(request, l, pages, error: error), status: .unauthorized)
                response.setCookie(Self.clearJoinCookie)
                return response
            case .waiting(let joining):
                var frame = BoardRoutes.frame(request, l)
                frame.title = l.pick(ja: "承認を待っています", en: "Waiting for approval")
                let page = WaitPage(
                    frame: frame, t: .of(l), heading: l.pick(ja: "ノートPCでの承認を待っています", en: "Waiting for the laptop's approval"),
                    paragraphs: [
                        l.pick(ja: "端末: \(joining.device)（\(joining.person)）", en: "Device: \(joining.device) (\(joining.person))"),
                        l.pick(
                            ja: "ノートPCの担当者に、ボードの「端末を追加」でこの端末名を確かめて「承認」を押してもらってください。この画面は自動で進みます。",
                            en: "Ask the person at the laptop to check this device's name under Add a device and press Approve. This page moves on by itself."),
                    ], refresh: 3, again: l.pick(ja: "進まないときはここを押す", en: "Check again"),
                    againLink: l == .en ? "/pair/wait?lang=en" : "/pair/wait")
                return BoardRoutes.html(pages.render(page, "pairingWait"))
            case .approved(let joining):
                let session = sessions.open()
                if let actor = try? BoardActor(name: joining.person, device: joining.device) { sessions.setActor(actor, for: session.id) }
                joined.add(
                    .init(
                        handle: joining.handle, session: session.id, person: joining.person, device: joining.device, client: joining.client,
                        joinedAt: configuration.clock.now()))
                var response = Response.redirect(to: l == .en ? "/?lang=en" : "/", type: .normal)
                response.setCookie(
                    Cookie(name: SessionMiddleware.cookieName, value: session.id.value, path: "/", httpOnly: true, sameSite: .strict))
                response.setCookie(Self.clearJoinCookie)
                return response
            }
        }

        // The laptop: the code, the QR code, the requests waiting, the devices joined.
        router.get("/devices") { request, context in
            let l = BoardRoutes.language(request, default: l0)
            guard let session = owner(context) else { return forbidden(request, l) }
            return BoardRoutes.html(devicesPage(request, l, session))
        }
        for (path, approve) in [("/devices/approve", true), ("/devices/reject", false)] {
            router.post(RouterPath(path)) { request, context in
                try await ownerPost(request, context) { form in desk.decide(handle: form["handle"] ?? "", approve: approve) != nil }
            }
        }
        router.post("/devices/revoke") { request, context in
            try await ownerPost(request, context) { form in
                guard let session = joined.remove(handle: form["handle"] ?? "") else { return false }
                sessions.revoke(session)
                return true
            }
        }

        // The printable join sheet: QR code, address, steps; nothing secret.
        router.get("/join-sheet") { request, _ in
            let l = BoardRoutes.language(request, default: l0)
            let address = Self.joinAddress(hosts.address)
            var frame = BoardRoutes.frame(request, l)
            frame.title = l.pick(ja: "参加用紙", en: "Join sheet")
            let page = SheetPage(
                frame: frame, t: .of(l), heading: l.pick(ja: "インシデント対応ボードに参加する", en: "Join the incident board"),
                qr: Self.qrSVG(address), address: address, steps: Self.joinSteps(l),
                note: l.pick(
                    ja: "この用紙に秘密の情報はありません。参加には、ノートPCに表示される参加番号（5分で期限切れ・1回限り）と、担当者の承認が必要です。",
                    en:
                        "This sheet holds no secret: joining needs the code shown on the laptop (valid 5 minutes, once) and the approval of the person at the laptop."
                ))
            return BoardRoutes.html(pages.render(page, "joinSheet"))
        }
    }

    static var clearJoinCookie: Cookie {
        Cookie(name: joinCookie, value: "", maxAge: 0, path: "/pair", httpOnly: true, sameSite: .strict)
    }

    static func qrSVG(_ address: String) -> String {
        (try? QRCode(address, correction: .medium).svg(title: address)) ?? ""
    }

    /// The session when it is the laptop's (opened with the token), else nil.
    func owner(_ context: BoardRequestContext) -> DeviceSession? {
        guard let held = context.session, let session = sessions.current(held.id), !joined.contains(session.id) else { return nil }
        return session
    }

    func forbidden(_ request: Request, _ l: Language) -> Response {
        let m = BoardMessage(
            title: l.pick(ja: "ノートPCで操作してください", en: "Use the laptop"),
            heading: l.pick(ja: "端末の追加・取り消しはノートPCで行います", en: "Devices are added and revoked on the laptop"),
            paragraphs: [
                l.pick(
                    ja: "参加した端末からは、端末の承認や取り消しはできません。ノートPCのボードで操作してください。",
                    en: "A device that joined cannot approve or revoke devices: use the board on the laptop.")
            ])
        return BoardRoutes.html(pages.message(m, frame: BoardRoutes.frame(request, l)), status: .forbidden)
    }

    /// A post from the laptop's session with its CSRF token; back to `/devices`.
    func ownerPost(_ request: Request, _ context: BoardRequestContext, _ act: (FormBody) -> Bool) async throws -> Response {
        var request = request
        let l = BoardRoutes.language(request, default: configuration.language)
        guard let session = owner(context) else { return forbidden(request, l) }
        let body = try await request.collectBody(upTo: BoardLimits.maxBodyBytes)
        let form = FormBody(decoding: String(buffer: body))
        guard let csrf = form["csrf"], session.csrf.matches(csrf) else {
            return BoardRoutes.html(pages.message(.forbidden(l), frame: BoardRoutes.frame(request, l)), status: .forbidden)
        }
        _ = act(form)
        return Response.redirect(to: l == .en ? "/devices?lang=en" : "/devices", type: .normal)
    }

    func devicesPage(_ request: Request, _ l: Language, _ session: DeviceSession) -> String {
        let zone = TimeZone.facilityDefault
        let code = desk.currentCode()
        let address = hosts.address
        let joinAddress = Self.joinAddress(address)
        var frame = BoardRoutes.frame(request, l)
        frame.title = l.pick(ja: "端末を追加", en: "Add a device")
        let digits = String(code.digits.prefix(3)) + " " + String(code.digits.dropFirst(3))
        let page = DevicesPage(
            frame: frame, t: .of(l), heading: l.pick(ja: "端末を追加・管理", en: "Add and manage devices"),
            codeHeading: l.pick(ja: "参加番号", en: "Pairing code"), code: digits,
            codeNote: l.pick(
                ja: "\(Timestamp.local(code.expires, in: zone)) まで有効・1回だけ使えます。使われると新しい番号に変わります。",
                en: "Valid until \(Timestamp.local(code.expires, in: zone)), once. A new code appears once it is used."),
            addressHeading: l.pick(ja: "スマートフォンで開くアドレス", en: "Address to open on the phone"), address: joinAddress,
            qr: Self.qrSVG(joinAddress), steps: Self.joinSteps(l),
            loopbackNote: address.isLoopbackAddress
                ? l.pick(
                    ja: "今はこのパソコンの中だけで開いています。スマートフォンから使うには、院内LANから切り離したネットワーク（このパソコンのテザリングなど）で --lan を付けて起動し直してください。",
                    en:
                        "The board listens on this computer only. To serve phones, restart it with --lan on a network isolated from the clinic's LAN (e.g. this computer's hotspot)."
                )
                : nil,
            waitingHeading: l.pick(ja: "承認を待っている端末", en: "Devices waiting for approval"),
            noneWaiting: l.pick(ja: "今、承認を待っている端末はありません。", en: "No device is waiting."), approve: l.pick(ja: "承認", en: "Approve"),
            reject: l.pick(ja: "断る", en: "Reject"),
            waiting: desk.waiting().map {
                .init(label: "\($0.person)（\($0.device)）", client: $0.client, at: Timestamp.local($0.at, in: zone), handle: $0.handle, csrf: session.csrf.value)
            },
            joinedHeading: l.pick(ja: "参加している端末", en: "Devices joined"), noneJoined: l.pick(ja: "参加している端末はありません。", en: "No device has joined."),
            revoke: l.pick(ja: "取り消す", en: "Revoke"),
            joined: joined.all.map {
                .init(
                    label: "\($0.person)（\($0.device)）", client: $0.client, at: Timestamp.local($0.joinedAt, in: zone), handle: $0.handle,
                    csrf: session.csrf.value)
            },
            sheetLink: l == .en ? "/join-sheet?lang=en" : "/join-sheet", sheetLabel: l.pick(ja: "参加用紙を印刷する", en: "Print the join sheet"),
            langQuery: l == .en ? "?lang=en" : "")
        return pages.render(page, "devices")
    }
}
