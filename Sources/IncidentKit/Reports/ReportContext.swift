import Foundation

/// Everything a report template can show, built from the incident's state and the
/// facility profile it was declared under. Every field the incident does not know
/// yet holds a visible placeholder (`【未記入: 原因】`), so a draft never hides a gap.
///
/// Template names (flat): every key of `ReportField.all`, plus `incidentId`,
/// `today`, `awareAt`, `awareOn`, the leak decision (`leakAssessed`, `reportRequired`,
/// `notifyIndividuals`, `grounds` [{label, text}], `preliminaryDue`, `finalDue`, `finalDays`;
/// `preliminaryDeadline` and `finalDeadline` in words, as `DeadlineText` writes them), and lists `impacts` [{target, status, since, note}],
/// `contactsMade` [{at, role, name, outcome}], `staffContacts` [{role, name, phone}],
/// `vendors` [{name, systems, phone}], `bcp` [{item, value}], with an imported BCP
/// `plan` {decides, systems, continuity, reentry} and `planBookedPatients`,
/// `planPrescriptions`, `planBilling` (see `BCPPlan.reportValues`), and, when the facility
/// keeps an equipment ledger, `affectedDevices` [{name, kind, location, connection,
/// backup}]: the ledger's devices named by an impact or serving an affected system,
/// with the backup state of their systems from the backup register.
public struct ReportContext {
    public let language: Language
    /// Known field values by key (no placeholders).
    public private(set) var known: [String: String] = [:]
    /// The values handed to the template (placeholders filled in).
    public private(set) var values: [String: Any] = [:]

    /// `calls` is every contact attempt, streamed from the log (`EventStore.stateAndContactHistory`);
    /// without it, the latest attempt per role stands in (enough to find gaps).
    /// `listLimit` cuts the list of calls made (for finding gaps, where one item
    /// shows the same as a thousand).
    public init(
        state s: IncidentState, today: Day, language l: Language, calls: [IncidentState.Record<EventBody.Contact>]? = nil,
        listLimit: Int? = nil, ledger: EquipmentLedger? = nil, bcp: BCPPlan? = nil
    ) {
        language = l
        let tz = s.timeZone
        let profile = s.profile
        let facts = s.facts.mapValues(\.value)
        let answers = s.answerValues

        // Facility, operator and contact person (profile): one typed block.
        let facility = FacilityBlock(profile: profile)
        known = facility.known

        // Facts, then the runbook answers that fill fields (the runbook says which).
        // (leakStatus: a leak assessment, when made, goes before any answer; see below.)
        let answered = s.runbook.fieldValues(answers: answers, language: l)
        for field in ReportField.all where field.source == .fact {
            if let v = facts[field.key] {
                known[field.key] = v
            } else if let v = answered[field.key], !(field.key == "leakStatus" && s.hasLeakAssessment) {
                known[field.key] = v
            }
        }
        // Without a recorded summary, one is built from the answers and records and
        // marked for review; the declaration line is quoted, not used as the summary.
        let builtSummary = facts["summary"] == nil

        // Impacts: the one aggregation (ImpactPicture), as `status` shows it.
        let picture = ImpactPicture(state: s)
        let impacts: [[String: Any]] = picture.items.map { i in
            var item: [String: Any] = ["target": i.target, "status": EventDescription.status(i.status, l), "since": Self.time(i.since, tz, l)]
            if let from = i.affectedFrom { item["affectedFrom"] = Self.time(from, tz, l) }
            if let restored = i.restoredAt { item["restoredAt"] = Self.time(restored, tz, l) }
            if let note = i.note { item["note"] = note }
            item["period"] = Self.period(i, tz, l)
            return item
        }
        values["impacts"] = impacts
        if let ledger { values["affectedDevices"] = Self.affectedDevices(picture, ledger: ledger, l) }
        if known["systemsAffected"] == nil, !picture.items.isEmpty {
            known["systemsAffected"] = impacts.map { "\($0["target"]!)（\($0["status"]!)）" }.joined(separator: l.pick(ja: "、", en: ", "))
        }

        // Notices and publication as submitted: the record at rendering time wins over
        // a plan typed earlier (「4/13に公表予定」); a note recorded after the submission is kept.
        for (key, kind) in [("individualsResponse", ObligationKind.individualNotice), ("publication", .publicNotice)] {
            guard let sub = s.submissions[kind.rawValue] else { continue }
            var text = Self.submitted(kind, sub, tz, l)
            if let fact = s.facts[key], fact.at > sub.first.at { text += l.pick(ja: "（\(fact.value)）", en: " (\(fact.value))") }
            known[key] = text
        }

        // Time facts are stored in UTC: shown in the facility zone.
        for key in ReportField.timeFacts {
            if let v = known[key], let t = ISO8601DateFormatter().date(from: v) { known[key] = Self.time(t, tz, l) }
        }
        values["consigneeRecorded"] = known["consignee"] != nil
        // A consignee's notice to the clinic has a target of about 3–5 days from its own
        // awareness (DOMAIN §7, PPC guidelines, second-hand): a later one is noted for the writer.
        if let aware = facts["consigneeAwareAt"].flatMap({ ISO8601DateFormatter().date(from: $0) }),
            let told = facts["consigneeNotifiedAt"].flatMap({ ISO8601DateFormatter().date(from: $0) })
        {
            let days = Timestamp.day(of: aware, in: tz).days(until: Timestamp.day(of: told, in: tz))
            values["consigneeNoticeDays"] = String(days)
            values["consigneeNoticeLate"] = days > 5
        }

        if builtSummary {
            known["summary"] = SummaryBlock.build(
                declared: s.summary, awareAt: Self.time(s.awareAt, tz, l),
                attackSuspected: s.runbook.signal(.attackSuspected, answers: answers), known: known, l)
        }

        // Leak assessment.
        let decision = LeakRules.decision(for: s, language: l, today: today)
        if let d = decision, let answersRecorded = d.answers, let a = try? LeakAnswers(answersRecorded) {
            if known["leakStatus"] == nil {
                known["leakStatus"] =
                    switch a.leak {
                    case .yes: l.pick(ja: "個人データの漏えい等が発生しています", en: "personal data has leaked, been lost or damaged")
                    case .suspected: l.pick(ja: "個人データの漏えい等のおそれがあります（調査中）", en: "personal data may have leaked (under investigation)")
                    case .no: l.pick(ja: "個人データの漏えい等は確認されていません", en: "no leak of personal data has been found")
                    }
            }
            if known["peopleCount"] == nil, a.people > 0 {
                // 「見込み」 only while the count was given as an estimate (約2,300人).
                known["peopleCount"] =
                    s.leakAssessment?.value.peopleApproximate == true
                    ? l.pick(ja: "\(a.people.formatted3)人（見込み）", en: "\(a.people.formatted3) (estimate)")
                    : l.pick(ja: "\(a.people.formatted3)人", en: "\(a.people.formatted3)")
            }
            let labels = d.grounds.map { $0.label(l) }
            known["leakDecision"] =
                d.reportRequired
                ? l.pick(ja: "報告対象（\(labels.joined(separator: "、"))）", en: "report required (\(labels.joined(separator: ", ")))")
                : d.basisMissing == true
                    ? l.pick(ja: "報告対象外と回答（根拠未記録: 判定は未了）", en: "answered no report (basis not recorded: assessment still owed)")
                    : l.pick(ja: "報告対象外", en: "no report required")
            if let basis = d.basis { values["leakBasis"] = basis }
            values["leakRuledOut"] = a.leak == .no && d.basisMissing != true
            // A case that needs no report (and none was filed) says so, without dates.
            values["noReportNeeded"] =
                !d.reportRequired && d.basisMissing != true && s.submissions[ObligationKind.ppcPreliminary.rawValue] == nil
                && s.submissions[ObligationKind.ppcFinal.rawValue] == nil
            values["leakAssessed"] = true
            values["reportRequired"] = d.reportRequired
            values["notifyIndividuals"] = d.notifyIndividuals
            values["grounds"] = d.grounds.map { g -> [String: Any] in
                ["label": g.label(l), "text": g.explanation(threshold: d.peopleThreshold ?? 1000, l)]
            }
            values["preliminaryDue"] = Self.date(d.preliminaryDue, l)
            values["finalDue"] = Self.date(d.finalDue, l)
            values["finalDays"] = String(d.finalDays ?? 30)
            if let dates = d.deadlines { values["finalDeadline"] = DeadlineText.final(dates, style: .long, l) }
        } else {
            values["leakAssessed"] = false
            values["noReportNeeded"] = false
            values["reportRequired"] = false
            values["notifyIndividuals"] = false
            values["grounds"] = [[String: Any]]()
            values["finalDeadline"] = l.pick(
                ja: "期限は漏えい等の判定の後に決まります",
                en: "the due date is set once the leak is assessed")
        }
        // The preliminary target depends on the awareness date alone: known before any assessment.
        let dates = LeakRules.deadlines(awareOn: Timestamp.day(of: s.awareAt, in: tz), malicious: false)
        values["preliminaryDeadline"] = DeadlineText.preliminary(dates, style: .long, l)
        if known["enquiryDesk"] == nil, let name = known["facilityName"], let phone = known["facilityPhone"] {
            known["enquiryDesk"] = l.pick(ja: "\(name)（電話 \(phone)）", en: "\(name) (phone \(phone))")
        }

        // Contacts made (who has already been reached or tried).
        let made =
            calls
            ?? s.contactsInOrder.map { c in
                IncidentState.Record(
                    value: EventBody.Contact(
                        role: c.role, name: c.last.name, channel: c.last.channel, outcome: c.last.outcome,
                        note: c.last.note), at: c.last.at, seq: c.last.seq, actor: c.last.actor)
            }
        values["contactsMade"] = made.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }.prefix(listLimit ?? Int.max).map { r -> [String: Any] in
            let c = r.value
            let role = Role(c.role).title(profile: profile, l)
            // A vendor's name is often both its label and the name recorded: say it once.
            return Self.compact([
                "at": Self.time(r.at, tz, l), "role": role, "name": c.name == role ? nil : c.name,
                "outcome": EventDescription.outcome(c.outcome, l),
            ])
        }
        // Reports to outside bodies list the calls outside (vendors, MHLW, police,
        // PPC, MIST), in time order, each name once.
        let outside: Set<String> = ["mhlw", "police", "ppc", "mist"]
        let outsideCalls = made.filter { outside.contains($0.value.role) || Role($0.value.role).vendorKey != nil || Role($0.value.role).isEveryVendor }
            .sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }
        func outsideLines(_ calls: [IncidentState.Record<EventBody.Contact>]) -> [[String: Any]] {
            calls.prefix(listLimit ?? Int.max).map { r -> [String: Any] in
                let c = r.value
                let role = Role(c.role).title(profile: profile, l)
                let name = c.name.flatMap { n in role.contains(n) || n.contains(role) ? nil : n }
                let who = c.name.map { n in n.contains(role) ? n : role } ?? role
                return Self.compact(["at": Self.time(r.at, tz, l), "role": who, "name": name, "outcome": EventDescription.outcome(c.outcome, l)])
            }
        }
        values["outsideContacts"] = outsideLines(outsideCalls)
        // The police memo lists the other bodies only.
        values["otherThanPolice"] = outsideLines(outsideCalls.filter { $0.value.role != "police" })
        // Staff need the people inside and the vendors, not the outside bodies.
        values["staffContacts"] = (profile?.contacts ?? []).filter { !outside.contains($0.role) }.map { c -> [String: Any] in
            Self.compact(["role": Role(c.role).title(profile: profile, l), "name": c.name ?? c.organization, "phone": c.phone ?? c.mobile])
        }
        values["vendors"] = (profile?.vendors ?? []).map { v -> [String: Any] in
            Self.compact(["name": v.name, "systems": v.systems.joined(separator: l.pick(ja: "、", en: ", ")), "phone": v.emergencyPhone ?? v.phone])
        }
        values["bcp"] = Self.bcpLines(s, l)
        // The facility's BCP, when imported: its forms, people and places (staff instructions, inquiry script).
        for (key, value) in bcp?.reportValues(l) ?? [:] { values[key] = value }

        // The incident itself.
        values["incidentId"] = s.id
        values["today"] = Self.date(today, l)
        values["awareAt"] = Self.time(s.awareAt, tz, l)
        values["awareOn"] = Self.date(Timestamp.day(of: s.awareAt, in: tz), l)
        values["declaredBy"] = s.declaredBy
        values["preliminarySubmitted"] = s.submissions[ObligationKind.ppcPreliminary.rawValue] != nil
        values["preliminarySubmittedAt"] = s.submissions[ObligationKind.ppcPreliminary.rawValue].map { Self.time($0.first.at, tz, l) } ?? ""
        values["changesSincePreliminary"] = [[String: Any]]()
        // The 確報's prevention measures: the measures recorded, unless a fact says it in words.
        if known["recurrencePrevention"] == nil, let measures = Self.measuresText(s, l) { known["recurrencePrevention"] = measures }
        for field in ReportField.all {
            values[field.key] = known[field.key] ?? field.placeholder(l)
        }
        // The PPC report and letters come from the business operator (開設者; for a
        // 医療法人 the corporation and its 理事長), who may differ from the 管理者:
        // without them the fields stay 【未記入】 (set above), never the clinic or the 院長.
        values["operatorDiffers"] = facility.operatorDiffers

        // What the record says happened and was done (DOMAIN §7): attack words only
        // while an attack is suspected; actions with their times; plans as plans.
        // Patients read plain words, and nothing says a leak happened while it is only suspected.
        let leakAnswer = decision?.answers.flatMap { try? LeakAnswers($0) }?.leak
        values["patientLeak"] =
            switch leakAnswer {
            case .yes: l.pick(ja: "患者さまの情報が外部に漏れたことがわかりました。", en: "We have found that information about our patients has leaked.")
            case .no:
                l.pick(ja: "現在のところ、患者さまの情報が外部に漏れたことは確認されていません。", en: "So far we have found no leak of information about our patients.")
            case .suspected, nil:
                l.pick(ja: "患者さまの情報が外部に漏れたおそれがあり、調べています。", en: "Information about our patients may have leaked; we are looking into it.")
            }
        values["attackSuspected"] = s.runbook.signal(.attackSuspected, answers: answers)
        values["paperOperation"] = s.runbook.signal(.paperOperation, answers: answers)
        if let ended = Self.paperOperationEnded(s) { values["paperOperationEnded"] = Self.time(ended, tz, l) }
        let obligations = Obligations.of(s, today: today, language: l)
        for (k, v) in RecordedActions.of(s, obligations: obligations, language: l).values(timeZone: tz, l) { values[k] = v }
        for (k, v) in Self.recoveryValues(s, obligations: obligations, l) { values[k] = v }

        // Patients read their own text: the official summary stands in only with a mark to rewrite it.
        if facts["patientSummary"] == nil, let mark = ReportField.field("patientSummary")?.standInMark {
            values["patientSummary"] = l.pick(ja: mark.ja, en: mark.en) + (builtSummary ? s.summary : known["summary"] ?? s.summary)
        }
        if facts["patientContact"] == nil { values["patientContact"] = values["enquiryDesk"] }

        // The MHLW: when it was first told, when last, and what changed since (`addChanges`).
        values["mhlwReported"] = Self.mhlwBaseline(s) != nil
        values["mhlwFirstAt"] = Self.mhlwFirst(s).map { Self.time($0, tz, l) } ?? ""
        values["mhlwLastAt"] = Self.mhlwBaseline(s).map { Self.time($0, tz, l) } ?? ""
        values["changesSinceMHLW"] = [[String: Any]]()
        // The first report is 第1報; the next 続報 is 第(followups + 2)報.
        values["followupNumber"] = String((s.submissions[ObligationKind.mhlwFollowup.rawValue]?.count ?? 0) + 2)
    }

    /// The BCP decisions as they stand now [{item, value}], each with the time of its
    /// answer: paper operation 「実施中（…）（12/1 09:00〜）」 while it lasts, and
    /// 「終了（11/25 10:00〜12/2 08:30）」 once a later answer ended it.
    static func bcpLines(_ s: IncidentState, _ l: Language) -> [[String: Any]] {
        let tz = s.timeZone
        return s.runbook.questions.compactMap { q -> [String: Any]? in
            guard let bcp = q.bcp, let runs = s.answerRuns[q.id] ?? s.answers[q.id].map({ .init(current: $0, previous: nil) }) else {
                return nil
            }
            let value = runs.current.value
            let wording = bcp.wording[value]?(l) ?? q.label(of: value, l)
            let raises = { (v: String) in q.signals.contains { $0.name == .paperOperation && $0.when.contains(v) } }
            let since = time(runs.current.at, tz, l)
            let text: String
            if raises(value) {
                text = wording + l.pick(ja: "（\(since)〜）", en: " (since \(since))")
            } else if let before = runs.previous, raises(before.value) {
                let start = time(before.at, tz, l)
                text = l.pick(ja: "終了（\(start)〜\(since)）", en: "ended (\(start) to \(since))")
            } else {
                text = wording + l.pick(ja: "（\(since) 時点）", en: " (as of \(since))")
            }
            return ["item": bcp.item(l), "value": text]
        }
    }

    /// A notice or publication as the record shows it: 「2026年4月20日（月）10:00 に実施（郵送、2回）」.
    static func submitted(_ kind: ObligationKind, _ sub: SubmissionSummary, _ tz: TimeZone, _ l: Language) -> String {
        let what =
            kind == .publicNotice
            ? l.pick(ja: "公表しました", en: "published")
            : l.pick(ja: "本人への通知を行いました", en: "individuals notified")
        var details: [String] = []
        if let c = sub.first.channel { details.append(channelLabel(c, l)) }
        if sub.count > 1 {
            details.append(l.pick(ja: "\(sub.count)回、最終 \(time(sub.last.at, tz, l))", en: "\(sub.count) times, last \(time(sub.last.at, tz, l))"))
        }
        if let ref = sub.first.ref { details.append(ref) }
        let tail = details.isEmpty ? "" : l.pick(ja: "（\(details.joined(separator: "、"))）", en: " (\(details.joined(separator: ", ")))")
        return l.pick(ja: "\(time(sub.first.at, tz, l)) に\(what)", en: "\(what) on \(time(sub.first.at, tz, l))") + tail
    }

    static func channelLabel(_ c: EventBody.Submitted.Channel, _ l: Language) -> String {
        switch c {
        case .form: l.pick(ja: "フォーム", en: "form")
        case .email: l.pick(ja: "メール", en: "e-mail")
        case .phone: l.pick(ja: "電話", en: "phone")
        case .post: l.pick(ja: "郵送", en: "post")
        case .web: l.pick(ja: "ホームページ", en: "website")
        case .inPerson: l.pick(ja: "対面", en: "in person")
        }
    }

    /// When paper operation ended: the answer that ended it, or nil while it lasts or never began.
    static func paperOperationEnded(_ s: IncidentState) -> Date? {
        for q in s.runbook.questions(raising: .paperOperation) {
            guard let runs = s.answerRuns[q.id], let before = runs.previous else { continue }
            let raises = { (v: String) in q.signals.contains { $0.name == .paperOperation && $0.when.contains(v) } }
            if raises(before.value), !raises(runs.current.value) { return runs.current.at }
        }
        return nil
    }

    /// When the MHLW was first told: its first submission, or the first call that reached it or e-mail sent.
    static func mhlwFirst(_ s: IncidentState) -> Date? {
        [s.submissions[ObligationKind.mhlw.rawValue]?.first.at, s.contacts["mhlw"]?.firstSent?.at].compactMap { $0 }.min()
    }

    /// When the MHLW was last told (first contact or 続報): what a 続報 reports changes since.
    static func mhlwBaseline(_ s: IncidentState) -> Date? {
        [mhlwFirst(s), s.submissions[ObligationKind.mhlw.rawValue]?.last.at, s.submissions[ObligationKind.mhlwFollowup.rawValue]?.last.at]
            .compactMap { $0 }.max()
    }

    /// The time after which `kind` reports changes (the recorded 速報, the last report to the MHLW), or nil.
    public static func changesBaseline(_ kind: ReportKind, state s: IncidentState) -> Date? {
        switch kind {
        case .ppcFinal: s.submissions[ObligationKind.ppcPreliminary.rawValue]?.first.at
        case .mhlwFollowup: mhlwBaseline(s)
        default: nil
        }
    }

    /// 「速報からの変更点」: what was recorded as happening after the recorded 速報
    /// submission (`changes`, from `EventStore.changes(of:after:)`), as
    /// `preliminarySubmitted`, `preliminarySubmittedAt` and `changesSincePreliminary` [{at, text}].
    public mutating func addChanges(_ changes: [Event], state s: IncidentState) {
        if let since = Self.mhlwBaseline(s) { values["changesSinceMHLW"] = describe(changes.filter { $0.occurredAt > since }, s) }
        guard let sub = s.submissions[ObligationKind.ppcPreliminary.rawValue] else {
            values["preliminarySubmitted"] = false
            values["changesSincePreliminary"] = [[String: Any]]()
            return
        }
        values["preliminarySubmitted"] = true
        values["preliminarySubmittedAt"] = Self.time(sub.first.at, s.timeZone, language)
        values["changesSincePreliminary"] = describe(changes.filter { $0.occurredAt > sub.first.at }, s)
    }

    /// Changes as report lines [{at, text}].
    func describe(_ changes: [Event], _ s: IncidentState) -> [[String: Any]] {
        let l = language
        return changes.map { e -> [String: Any] in
            // A fact reads by its label (原因), not its key (cause): the text goes to the commission.
            var text = EventDescription.text(e, runbook: s.runbook, timeZone: s.timeZone, l)
            if case .fact(let f) = e.body, let field = ReportField.field(f.key) { text = "\(field.label(l)): \(f.value)" }
            if case .leakAssessed(let a) = e.body, let answers = try? LeakAnswers(a.answers) {
                let d = LeakRules.decide(
                    answers: answers, awareOn: Timestamp.day(of: s.awareAt, in: s.timeZone),
                    publicBody: s.profile?.facility.publicBody ?? false, language: l)
                let labels = d.grounds.map { $0.label(l) }.joined(separator: l.pick(ja: "、", en: ", "))
                text =
                    d.reportRequired
                    ? l.pick(ja: "漏えい等報告の判定: 報告対象（\(labels)）", en: "leak report decision: report required (\(labels))")
                    : l.pick(ja: "漏えい等報告の判定: 報告対象外", en: "leak report decision: no report required")
                if answers.people > 0 { text += l.pick(ja: "、本人の数 \(answers.people.formatted3)人", en: ", \(answers.people.formatted3) individuals") }
            }
            if case .contact(let c) = e.body {
                let role = Role(c.role).title(profile: s.profile, l)
                text =
                    l.pick(ja: "\(role)に連絡（\(EventDescription.outcome(c.outcome, l))）", en: "contacted \(role) (\(EventDescription.outcome(c.outcome, l)))")
                    + EventDescription.suffix(c.note, l)
            }
            return ["at": Self.time(e.occurredAt, s.timeZone, l), "text": text]
        }
    }

    /// An impact as its periods, each in its own status with the notes made in it:
    /// 「一部停止 2026年4月10日（金）09:30〜10:30、停止 10:30〜15:00（15:00 復旧）」, or
    /// 「停止 2026年4月10日（金）10:05〜（継続中）」 while it lasts. A start or end on the
    /// day of the period before it shows the time only.
    static func period(_ i: ImpactPicture.Item, _ tz: TimeZone, _ l: Language) -> String {
        let periods = i.periods
        guard periods.contains(where: { $0.status != .restored }) else { return EventDescription.status(i.status, l) }
        var parts: [String] = []
        var lastDay: Day? = nil
        func at(_ t: Date) -> String {
            let day = Timestamp.day(of: t, in: tz)
            defer { lastDay = day }
            return day == lastDay ? String(Timestamp.local(t, in: tz).suffix(5)) : time(t, tz, l)
        }
        func noted(_ notes: [String]) -> String {
            notes.isEmpty ? "" : l.pick(ja: "（メモ: \(notes.joined(separator: "／"))）", en: " (note: \(notes.joined(separator: "; ")))")
        }
        for (k, p) in periods.enumerated() {
            if p.status == .restored {
                // A restoration closes the period before it; one at the very start says nothing.
                guard k > 0 else { continue }
                let when = at(p.from)
                parts[parts.count - 1] += l.pick(ja: "（\(when) 復旧）", en: " (restored \(when))") + noted(p.notes)
                continue
            }
            let start = at(p.from)
            let status = EventDescription.status(p.status, l)
            if let until = p.until {
                let end = at(until)
                parts.append(l.pick(ja: "\(status) \(start)〜\(end)", en: "\(status) \(start) to \(end)") + noted(p.notes))
            } else {
                parts.append(l.pick(ja: "\(status) \(start)〜（継続中）", en: "\(status) from \(start) (ongoing)") + noted(p.notes))
            }
        }
        return parts.joined(separator: l.pick(ja: "、", en: "; "))
    }

    /// Drops absent and empty values: Mustache sections treat any string, even "", as true.
    /// The ledger's devices an impact names, or that serve a system an impact
    /// names (still affected or not), each with where it is and the backup state
    /// of what it serves.
    static func affectedDevices(_ picture: ImpactPicture, ledger: EquipmentLedger, _ l: Language) -> [[String: Any]] {
        var devices: [EquipmentLedger.Device] = []
        for item in picture.items {
            var matched = ledger.device(named: item.target).map { [$0] } ?? []
            matched += ledger.devices(serving: item.target)
            for d in matched where !devices.contains(where: { $0.name == d.name }) { devices.append(d) }
        }
        let sep = l.pick(ja: "、", en: ", ")
        return devices.map { d in
            var entry: [String: Any] = ["name": d.name, "kind": d.kind.label(l)]
            if let x = d.location { entry["location"] = x }
            if d.connection != .none { entry["connection"] = d.connection.label(l) }
            let backups: [String] = d.systems.map { system in
                guard let b = ledger.backup(of: system) else { return l.pick(ja: "\(system): バックアップ台帳に記載なし", en: "\(system): not in the backup register") }
                var parts: [String] = []
                if let g = b.generations { parts.append(l.pick(ja: "\(g)世代", en: "\(g) generations")) }
                if let o = b.offline { parts.append(o ? l.pick(ja: "オフライン保管あり", en: "offline copy") : l.pick(ja: "オフライン保管なし", en: "no offline copy")) }
                if let m = b.media { parts.append(m) }
                parts.append(
                    b.lastRestoreTest.map { l.pick(ja: "復元テスト \(Self.date($0, l))", en: "restore test \(Self.date($0, l))") }
                        ?? l.pick(ja: "復元テスト記録なし", en: "no restore test on record"))
                return "\(system): " + parts.joined(separator: sep)
            }
            if !backups.isEmpty { entry["backup"] = backups.joined(separator: l.pick(ja: "／", en: "; ")) }
            return entry
        }
    }

    static func compact(_ d: [String: String?]) -> [String: Any] {
        var out: [String: Any] = [:]
        for (k, v) in d { if let v, !v.isEmpty { out[k] = v } }
        return out
    }

    /// `2026年4月10日（金）` / `2026-04-10 (Fri)`.
    public static func date(_ d: Day, _ l: Language) -> String {
        let ja = ["日", "月", "火", "水", "木", "金", "土"][d.weekday]
        let en = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.weekday]
        return l.pick(ja: "\(d.year)年\(d.month)月\(d.day)日（\(ja)）", en: "\(d) (\(en))")
    }

    /// `2026年4月10日（金）08:30`.
    public static func time(_ t: Date, _ tz: TimeZone, _ l: Language) -> String {
        let local = Timestamp.local(t, in: tz)
        return date(Timestamp.day(of: t, in: tz), l) + l.pick(ja: "", en: " ") + String(local.suffix(5))
    }

}
