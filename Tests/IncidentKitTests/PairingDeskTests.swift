import Foundation
import Synchronization
import Testing

@testable import IncidentKit

/// Phones join with a 6-digit code shown on the laptop, then the laptop's approval.
@Suite struct PairingDeskTests {
    final class TestClock: Sendable {
        let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var clock: Clock { Clock { self.now.withLock { $0 } } }
        func advance(_ seconds: TimeInterval) { now.withLock { $0 += seconds } }
    }

    @Test func aCodeIsSixDigitsUsedOnceAndExpires() {
        let time = TestClock()
        let desk = PairingDesk(clock: time.clock)
        let code = desk.currentCode()
        #expect(code.digits.count == 6 && code.digits.allSatisfy(\.isASCII) && code.digits.allSatisfy(\.isNumber))
        #expect(desk.currentCode() == code, "the same code until it is used or expires")
        guard case .waiting(let request) = desk.join(code: code.digits, person: "田中", device: "受付iPhone", client: "10.42.0.5") else {
            Issue.record("the right code is accepted")
            return
        }
        #expect(desk.waiting() == [request])
        // Used once: the same digits again are wrong, and a new code is shown.
        #expect(desk.join(code: code.digits, person: "x", device: "y", client: "10.42.0.6") == .wrongCode)
        let next = desk.currentCode()
        // Five minutes later it has expired.
        time.advance(300)
        #expect(desk.join(code: next.digits, person: "x", device: "y", client: "10.42.0.7") == .wrongCode)
        #expect(desk.currentCode() != next)
    }

    @Test func onlyTheLaptopsApprovalGivesASessionOnce() {
        let time = TestClock()
        let desk = PairingDesk(clock: time.clock)
        guard case .waiting(let request) = desk.join(code: desk.currentCode().digits, person: "田中", device: "受付iPhone", client: "a") else {
            Issue.record("accepted")
            return
        }
        #expect(desk.redeem(secret: request.secret) == .waiting(request))
        #expect(desk.redeem(secret: "guess") == .gone)
        #expect(desk.decide(handle: "nope", approve: true) == nil)
        #expect(desk.decide(handle: request.handle, approve: true) != nil)
        guard case .approved(let approved) = desk.redeem(secret: request.secret) else {
            Issue.record("approved")
            return
        }
        #expect(approved.person == "田中")
        #expect(desk.redeem(secret: request.secret) == .gone, "the session is given once")
        // A rejected request is gone; one never decided expires.
        guard case .waiting(let second) = desk.join(code: desk.currentCode().digits, person: "b", device: "b", client: "b"),
            case .waiting(let third) = desk.join(code: desk.currentCode().digits, person: "c", device: "c", client: "c")
        else {
            Issue.record("accepted")
            return
        }
        desk.decide(handle: second.handle, approve: false)
        #expect(desk.redeem(secret: second.secret) == .gone)
        time.advance(desk.requestLifetime)
        #expect(desk.redeem(secret: third.secret) == .gone)
        #expect(desk.waiting().isEmpty)
    }

    @Test func guessingIsSlowedDownPerAddressAndVoidsTheCode() {
        let time = TestClock()
        let desk = PairingDesk(clock: time.clock, wrongCodesPerCode: 8)
        let code = desk.currentCode()
        let wrong = code.digits == "000000" ? "000001" : "000000"
        for _ in 0..<5 { #expect(desk.join(code: wrong, person: "x", device: "y", client: "attacker") == .wrongCode) }
        // Now even the right code is not checked from that address.
        guard case .tooManyAttempts(let wait) = desk.join(code: code.digits, person: "x", device: "y", client: "attacker") else {
            Issue.record("limited")
            return
        }
        #expect(wait > 0 && wait <= 600)
        #expect(desk.retryAfter("attacker") != nil)
        #expect(desk.retryAfter("nurse") == nil, "another address is not affected")
        // Wrong tokens count the same way.
        for _ in 0..<5 { desk.wrongToken(from: "scanner") }
        #expect(desk.retryAfter("scanner") != nil)
        time.advance(600)
        #expect(desk.retryAfter("attacker") == nil, "the wait ends")
        // Many wrong codes in all (from several addresses) void the code shown.
        let fresh = desk.currentCode()
        let miss = fresh.digits == "000000" ? "000001" : "000000"
        for i in 0..<8 { #expect(desk.join(code: miss, person: "x", device: "y", client: "host\(i)") == .wrongCode) }
        #expect(desk.join(code: fresh.digits, person: "x", device: "y", client: "nurse") == .wrongCode)
        #expect(desk.currentCode() != fresh)
    }

    @Test func theLimiterForgets() {
        var limiter = AttemptLimiter(limit: 2, window: 60)
        let t = Date(timeIntervalSince1970: 0)
        limiter.failed("a", now: t)
        #expect(limiter.retryAfter("a", now: t) == nil)
        limiter.failed("a", now: t.addingTimeInterval(10))
        #expect(limiter.retryAfter("a", now: t.addingTimeInterval(10)) == 50)
        #expect(limiter.retryAfter("a", now: t.addingTimeInterval(60)) == nil)
    }
}
