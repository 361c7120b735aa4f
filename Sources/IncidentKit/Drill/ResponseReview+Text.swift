import Foundation

extension ResponseReview {
    /// The review as Markdown (stdout of `drill review` / `review`).
    public func markdown(_ l: Language, wording: any Wording = PlainWording()) -> String {
        var out = ""
        if isDrill {
            out += l.pick(
                ja: "> **訓練 / EXERCISE** — この記録は訓練です。実際の報告には使いません。\n\n", en: "> **EXERCISE / 訓練** — this record is an exercise, not a real incident.\n\n")
        }
        out += "# " + l.pick(ja: "振り返り（事後レビュー） \(id)", en: "After-action review \(id)") + "\n\n"
        for line in headerLines(l) { out += "- \(line)\n" }
        out += "\n## " + l.pick(ja: "目標の達成", en: "Targets") + "\n\n"
        if targets.isEmpty {
            out += l.pick(ja: "（目標の定めはありません）\n", en: "(no targets set)\n")
        } else {
            out += l.pick(ja: "| 目標 | 目安 | 達成 | 結果 |\n|---|---|---|---|\n", en: "| Target | Within | Achieved | Result |\n|---|---|---|---|\n")
            for t in targets { out += "| \(cell(t.title)) | \(withinText(t.within, l)) | \(Self.offset(t.achievedMinute)) | \(resultText(t, l)) |\n" }
        }
        out += "\n## " + l.pick(ja: "手順ごとの時間（開始からの経過）", en: "Steps (time from the start)") + "\n\n"
        out += l.pick(ja: "| 手順 | 状態 | 開始 | 完了 |\n|---|---|---|---|\n", en: "| Step | State | Started | Finished |\n|---|---|---|---|\n")
        for s in steps { out += "| \(s.number). \(cell(s.title)) | \(s.state) | \(Self.offset(s.startedMinute)) | \(Self.offset(s.finishedMinute)) |\n" }
        out += "\n## " + l.pick(ja: "連絡（最初の試み・つながった時刻）", en: "Contacts (first attempt, reached)") + "\n\n"
        if contacts.isEmpty {
            out += l.pick(ja: "（連絡の記録はありません）\n", en: "(no contacts recorded)\n")
        } else {
            out += l.pick(ja: "| 相手 | 回数 | 最初の試み | つながった |\n|---|---|---|---|\n", en: "| Who | Attempts | First attempt | Reached |\n|---|---|---|---|\n")
            for c in contacts {
                out += "| \(cell(c.title)) (`\(c.role)`) | \(c.attempts) | \(Self.offset(c.firstAttemptMinute)) | \(Self.offset(c.reachedMinute)) |\n"
            }
        }
        out += "\n" + l.pick(ja: "- 厚生労働省への連絡: ", en: "- MHLW contacted: ") + mhlwText(l) + "\n"
        out +=
            l.pick(ja: "- 漏えい等報告の判定: ", en: "- Leak decision: ") + (firstLeakDecision.map { Self.offset(minute($0)) } ?? l.pick(ja: "未判定", en: "not made"))
            + "\n"
        if !obligations.isEmpty {
            out += "\n## " + l.pick(ja: "届出・報告（開始から提出まで）", en: "Reports and notices (time from the start to submission)") + "\n\n"
            out += l.pick(ja: "| 届出・報告 | 提出 | 期限・目安 |\n|---|---|---|\n", en: "| Report or notice | Submitted | Due or target |\n|---|---|---|\n")
            for o in obligations {
                let submitted = o.submittedMinute.map { Self.offset($0) } ?? l.pick(ja: "未提出", en: "not submitted")
                out += "| \(cell(o.title)) (`\(o.kind)`) | \(submitted) | \(o.due ?? "—") |\n"
            }
        }
        if !recovery.isEmpty {
            out += "\n## " + l.pick(ja: "復旧（開始から各段階まで）", en: "Recovery (time from the start to each stage)") + "\n\n"
            out += "| " + recoveryHeader(l).joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: recoveryHeader(l).count) + "\n"
            for r in recovery { out += "| " + recoveryCells(r, l).map(cell).joined(separator: " | ") + " |\n" }
        }
        out += "\n## " + l.pick(ja: "省略・未実施の手順", en: "Steps skipped or not done") + "\n\n"
        out += skipped.isEmpty ? l.pick(ja: "（なし）\n", en: "(none)\n") : skipped.map { "- \($0)\n" }.joined()
        out += "\n## " + l.pick(ja: "振り返りで話し合うこと", en: "Questions for the review meeting") + "\n\n"
        for (i, q) in questions.enumerated() { out += "\(i + 1). \(q)\n" }
        out += "\n## " + l.pick(ja: "改善点", en: "Improvements") + "\n\n"
        out +=
            improvements.isEmpty
            ? l.pick(
                ja: "（まだありません\(wording.command(.noteImprovement, l).map { "。`\($0)` で記録できます" } ?? "")）\n",
                en: "(none yet\(wording.command(.noteImprovement, l).map { "; record them with `\($0)`" } ?? ""))\n")
            : improvements.map { "- \($0)\n" }.joined()
        out += "\n## " + l.pick(ja: "時系列", en: "Timeline") + "\n\n"
        out += l.pick(
            ja: "| # | 経過 | 時刻 | 記録者 | 種類 | 内容 |\n|---|---|---|---|---|---|\n", en: "| # | Elapsed | Time | By | Kind | What |\n|---|---|---|---|---|---|\n")
        for t in timeline {
            out += "| \(t.seq) | \(Self.offset(t.minute)) | \(Timestamp.local(t.at, in: timeZone)) | \(cell(t.actor)) | \(cell(t.kind)) | \(cell(t.text)) |\n"
        }
        return out
    }

    /// The review as one printable HTML document, every page marked for a drill.
    public func page(_ l: Language, printedAt: Date) -> PrintPage {
        let e = PrintPage.escape
        var out = "<h1>\(e(l.pick(ja: "振り返り（事後レビュー）", en: "After-action review")))　\(e(id))</h1>\n<ul>\n"
        for line in headerLines(l) { out += "<li>\(e(line))</li>\n" }
        out += "<li>\(e(PrintPage.printedLine(printedAt, timeZone, l)))</li>\n</ul>\n"
        out +=
            "<h2>\(e(l.pick(ja: "目標の達成", en: "Targets")))</h2>\n<table>\n<tr><th>\(e(l.pick(ja: "目標", en: "Target")))</th><th>\(e(l.pick(ja: "目安", en: "Within")))</th><th>\(e(l.pick(ja: "達成", en: "Achieved")))</th><th>\(e(l.pick(ja: "結果", en: "Result")))</th></tr>\n"
        for t in targets {
            out +=
                "<tr><td>\(e(t.title))</td><td>\(e(withinText(t.within, l)))</td><td>\(Self.offset(t.achievedMinute))</td><td>\(e(resultText(t, l)))</td></tr>\n"
        }
        out +=
            "</table>\n<h2>\(e(l.pick(ja: "手順ごとの時間", en: "Steps")))</h2>\n<table>\n<tr><th>\(e(l.pick(ja: "手順", en: "Step")))</th><th>\(e(l.pick(ja: "状態", en: "State")))</th><th>\(e(l.pick(ja: "開始", en: "Started")))</th><th>\(e(l.pick(ja: "完了", en: "Finished")))</th></tr>\n"
        for s in steps {
            out +=
                "<tr><td>\(s.number). \(e(s.title))</td><td>\(e(s.state))</td><td>\(Self.offset(s.startedMinute))</td><td>\(Self.offset(s.finishedMinute))</td></tr>\n"
        }
        out +=
            "</table>\n<h2>\(e(l.pick(ja: "連絡", en: "Contacts")))</h2>\n<table>\n<tr><th>\(e(l.pick(ja: "相手", en: "Who")))</th><th>\(e(l.pick(ja: "回数", en: "Attempts")))</th><th>\(e(l.pick(ja: "最初の試み", en: "First attempt")))</th><th>\(e(l.pick(ja: "つながった", en: "Reached")))</th></tr>\n"
        for c in contacts {
            out +=
                "<tr><td>\(e(c.title))</td><td>\(c.attempts)</td><td>\(Self.offset(c.firstAttemptMinute))</td><td>\(Self.offset(c.reachedMinute))</td></tr>\n"
        }
        out +=
            "</table>\n<p>\(e(l.pick(ja: "厚生労働省への連絡: ", en: "MHLW contacted: ") + mhlwText(l)))　\(e(l.pick(ja: "漏えい等報告の判定: ", en: "Leak decision: ") + (firstLeakDecision.map { Self.offset(minute($0)) } ?? l.pick(ja: "未判定", en: "not made"))))</p>\n"
        if !recovery.isEmpty {
            out += "<h2>\(e(l.pick(ja: "復旧（開始から各段階まで）", en: "Recovery (time from the start to each stage)")))</h2>\n<table>\n<tr>"
            out += recoveryHeader(l).map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
            for r in recovery { out += "<tr>" + recoveryCells(r, l).map { "<td>\(e($0))</td>" }.joined() + "</tr>\n" }
            out += "</table>\n"
        }
        out += "<h2>\(e(l.pick(ja: "省略・未実施の手順", en: "Steps skipped or not done")))</h2>\n<ul>\n" + skipped.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n"
        var second =
            "<h2>\(e(l.pick(ja: "振り返りで話し合うこと", en: "Questions for the review meeting")))</h2>\n<ol>\n" + questions.map { "<li>\(e($0))</li>\n" }.joined()
            + "</ol>\n"
        second += "<h2>\(e(l.pick(ja: "改善点", en: "Improvements")))</h2>\n<ul>\n" + improvements.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n"
        second +=
            "<h2>\(e(l.pick(ja: "時系列", en: "Timeline")))</h2>\n<table>\n<tr><th>#</th><th>\(e(l.pick(ja: "経過", en: "Elapsed")))</th><th>\(e(l.pick(ja: "時刻", en: "Time")))</th><th>\(e(l.pick(ja: "内容", en: "What")))</th></tr>\n"
        for t in timeline {
            second +=
                "<tr><td>\(t.seq)</td><td style=\"white-space: nowrap\">\(Self.offset(t.minute))</td><td style=\"white-space: nowrap\">\(Timestamp.local(t.at, in: timeZone))</td><td class=\"draft\">\(e("[\(t.kind)] \(t.text)"))</td></tr>\n"
        }
        second += "</table>\n"
        var page = PrintPage(title: l.pick(ja: "振り返り \(id)", en: "Review \(id)"), language: l, pages: [out, second])
        page.exercise = isDrill
        return page
    }

    func headerLines(_ l: Language) -> [String] {
        var lines = [
            l.pick(ja: "概要: \(summary)", en: "Summary: \(summary)"),
            l.pick(
                ja: "開始: \(Timestamp.local(start, in: timeZone))（\(timeZone.identifier)）",
                en: "Start: \(Timestamp.local(start, in: timeZone)) (\(timeZone.identifier))"),
        ]
        if let scenario {
            lines.append(l.pick(ja: "シナリオ: \(scenario.title.ja)（\(scenario.id)）", en: "Scenario: \(scenario.title.en) (\(scenario.id))"))
        }
        if isDrill {
            let speedText = speed == speed.rounded() ? String(Int(speed)) : String(speed)
            lines.append(l.pick(ja: "時間はシナリオ上の経過（実時間 × \(speedText) 倍速）", en: "Times are scenario time (real time × \(speedText))"))
        }
        if let closedAt { lines.append(l.pick(ja: "終了: \(Self.offset(minute(closedAt)))", en: "Closed: \(Self.offset(minute(closedAt)))")) }
        let met = targets.filter(\.met).count
        if !targets.isEmpty { lines.append(l.pick(ja: "目標達成: \(met)/\(targets.count)", en: "Targets met: \(met)/\(targets.count)")) }
        return lines
    }

    func recoveryHeader(_ l: Language) -> [String] {
        [l.pick(ja: "システム", en: "System")] + RecoveryStage.allCases.map { $0.label(l) } + [l.pick(ja: "目標", en: "Target"), l.pick(ja: "結果", en: "Result")]
    }

    func recoveryCells(_ r: RecoveryLine, _ l: Language) -> [String] {
        let name = r.priority.map { "\($0). \(r.system)" } ?? r.system
        let result: String =
            switch r.met {
            case .some(true): l.pick(ja: "達成", en: "met")
            case .some(false): r.inUseMinute == nil ? l.pick(ja: "未達（利用再開前）", en: "missed (not back in use)") : l.pick(ja: "未達（時間超過）", en: "missed (late)")
            case .none: l.pick(ja: "目標の定めなし", en: "no target set")
            }
        return [name] + r.stages.map { Self.offset($0.minute) } + [r.targetMinute.map { Self.offset($0) } ?? "—", result]
    }

    func mhlwText(_ l: Language) -> String {
        guard let c = contacts.first(where: { $0.role == "mhlw" }) else { return l.pick(ja: "記録なし", en: "none recorded") }
        return l.pick(
            ja: "最初の試み \(Self.offset(c.firstAttemptMinute))、つながった \(Self.offset(c.reachedMinute))",
            en: "first attempt \(Self.offset(c.firstAttemptMinute)), reached \(Self.offset(c.reachedMinute))")
    }

    func withinText(_ within: Int?, _ l: Language) -> String {
        within.map { l.pick(ja: "\($0)分以内", en: "within \($0) min") } ?? l.pick(ja: "時間の定めなし", en: "no time limit")
    }

    func resultText(_ t: TargetLine, _ l: Language) -> String {
        if t.met { return l.pick(ja: "達成", en: "met") }
        if t.achievedMinute == nil, let tried = t.firstAttemptMinute {
            return l.pick(ja: "未達（\(Self.offset(tried)) に連絡したがつながらず）", en: "missed (tried at \(Self.offset(tried)), not reached)")
        }
        return t.achievedMinute == nil ? l.pick(ja: "未達（行われず）", en: "missed (not done)") : l.pick(ja: "未達（時間超過）", en: "missed (late)")
    }

    /// Text safe in a Markdown table cell.
    func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
