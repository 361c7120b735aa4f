import Foundation

/// How a phone joins the board: it opens the address (from the QR code, which
/// carries nothing secret), types the 6-digit code the laptop's board shows,
/// and waits until the person at the laptop approves it. Only then does it get
/// a session. A code is single-use and expires; wrong codes and wrong tokens
/// from one address are slowed down; too many wrong codes in all void the code.
public final class PairingDesk: @unchecked Sendable {
    /// The code shown on the laptop's board.
    public struct Code: Sendable, Equatable {
        public let digits: String
        public let expires: Date
    }

    /// A phone that typed the right code, waiting for the laptop's decision.
    public struct Request: Sendable, Equatable {
        /// Secret: held by the phone's join cookie, exchanged for a session once approved.
        public let secret: String
        /// Public: names the request in the laptop's approve and reject forms.
        public let handle: String
        /// Who holds the phone, and what the phone is called (「田中」「受付iPhone」).
        public let person: String
        public let device: String
        /// The client address it came from.
        public let client: String
        public let at: Date
        public var approved = false
    }

    /// What typing a code did.
    public enum JoinOutcome: Sendable, Equatable {
        /// The code was right: the request waits for approval.
        case waiting(Request)
        /// Wrong, expired or already used (the same answer for each: nothing to learn).
        case wrongCode
        /// Too many wrong attempts from this address: nothing is checked for this long.
        case tooManyAttempts(retryAfter: Int)
    }

    /// What a waiting phone finds when it asks again.
    public enum Redemption: Sendable, Equatable {
        case waiting(Request)
        /// Approved: the phone gets its session now, once (the request is gone after).
        case approved(Request)
        /// Rejected, expired or unknown.
        case gone
    }

    /// Digits in a code.
    public static let codeLength = 6
    public let codeLifetime: TimeInterval
    /// How long a request may wait for the laptop's decision.
    public let requestLifetime: TimeInterval
    /// Wrong codes (from any address) that void the code shown.
    public let wrongCodesPerCode: Int

    private let clock: Clock
    private let lock = NSLock()
    private var code: Code?
    private var wrongOnCode = 0
    private var requests: [Request] = []
    private var limiter: AttemptLimiter

    public init(
        clock: Clock = .system, codeLifetime: TimeInterval = 300, requestLifetime: TimeInterval = 600, wrongCodesPerCode: Int = 20,
        limiter: AttemptLimiter = AttemptLimiter()
    ) {
        self.clock = clock
        self.codeLifetime = codeLifetime
        self.requestLifetime = requestLifetime
        self.wrongCodesPerCode = wrongCodesPerCode
        self.limiter = limiter
    }

    /// The code to show on the laptop: the current one, or a fresh one when none is valid.
    public func currentCode() -> Code {
        lock.withLock {
            let now = clock.now()
            if let code, code.expires > now { return code }
            let fresh = Code(digits: Self.randomDigits(), expires: now.addingTimeInterval(codeLifetime))
            code = fresh
            wrongOnCode = 0
            return fresh
        }
    }

    /// A phone typed `digits`: a request waiting for approval when they are the
    /// code shown, which is then used up.
    public func join(code digits: String, person: String, device: String, client: String) -> JoinOutcome {
        lock.withLock {
            let now = clock.now()
            if let wait = limiter.retryAfter(client, now: now) { return .tooManyAttempts(retryAfter: wait) }
            let typed = digits.filter { !$0.isWhitespace && $0 != "-" }
            guard let current = code, current.expires > now, Self.same(current.digits, typed) else {
                limiter.failed(client, now: now)
                wrongOnCode += 1
                if wrongOnCode >= wrongCodesPerCode { code = nil }
                return .wrongCode
            }
            code = nil  // single use
            let request = Request(
                secret: Self.randomSecret(bytes: 32), handle: Self.randomSecret(bytes: 9), person: person, device: device,
                client: client, at: now)
            requests.removeAll { now.timeIntervalSince($0.at) >= requestLifetime }
            requests.append(request)
            return .waiting(request)
        }
    }

    /// Requests waiting for the laptop's decision, oldest first.
    public func waiting() -> [Request] {
        lock.withLock {
            let now = clock.now()
            return requests.filter { !$0.approved && now.timeIntervalSince($0.at) < requestLifetime }
        }
    }

    /// The laptop approves (or rejects) the request `handle`; nil when there is no such request waiting.
    @discardableResult
    public func decide(handle: String, approve: Bool) -> Request? {
        lock.withLock {
            let now = clock.now()
            guard let i = requests.firstIndex(where: { $0.handle == handle && !$0.approved && now.timeIntervalSince($0.at) < requestLifetime })
            else { return nil }
            if approve {
                requests[i].approved = true
                return requests[i]
            }
            return requests.remove(at: i)
        }
    }

    /// A waiting phone asks again with its request's secret.
    public func redeem(secret: String) -> Redemption {
        lock.withLock {
            let now = clock.now()
            guard let i = requests.firstIndex(where: { Self.same($0.secret, secret) }),
                now.timeIntervalSince(requests[i].at) < requestLifetime
            else { return .gone }
            if requests[i].approved { return .approved(requests.remove(at: i)) }
            return .waiting(requests[i])
        }
    }

    /// Seconds `client` must wait before a token or code it sends is even checked.
    public func retryAfter(_ client: String) -> Int? {
        lock.withLock { limiter.retryAfter(client, now: clock.now()) }
    }

    /// Counts a wrong session token from `client`.
    public func wrongToken(from client: String) {
        lock.withLock { limiter.failed(client, now: clock.now()) }
    }

    static func randomDigits() -> String {
        var generator = SystemRandomNumberGenerator()
        let n = Int.random(in: 0..<1_000_000, using: &generator)
        let text = String(n)
        return String(repeating: "0", count: codeLength - text.count) + text
    }

    /// Random bytes as URL-safe text.
    static func randomSecret(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares every byte whatever the first difference.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = x.count == y.count ? 0 : 1
        for i in 0..<max(x.count, y.count) { difference |= Int((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)) }
        return difference == 0
    }
}
