import IncidentKit

/// A page of sections (`Board/view.mustache`): the guide, the leak assessment,
/// facts, drafts, the timeline and the peacetime checks. Each optional value
/// has a name of its own, because Mustache looks a missing name up in the
/// enclosing context (a section without a title must not show the page's).
struct ViewPage {
    var frame: PageFrame
    var t: BoardText
    var pageHeading: String
    var pageCls: String
    /// 「下書き」 on every draft page.
    var draftMark: String?
    var intro: [String] = []
    var sections: [ViewSection]
    var backLink: String
    /// The page follows live updates (reloaded by the script on a change).
    var live = false
}

struct ViewSection {
    struct Line {
        var lineText: String
        var lineCls: String
    }
    struct Item {
        var itemLabel: String
        var itemHref: String?
        var itemDetail: String?
        var itemCls: String = ""
        var itemPhones: [BoardPage.Phone] = []
        var itemNote: String?
    }
    struct Link {
        var linkHref, linkLabel: String
        var linkCls = ""
        var download = false
    }
    struct Copy {
        var copyLabel, copyText: String
    }
    struct Filter {
        struct Option {
            var optionValue, optionLabel: String
            var optionSelected: Bool
        }
        struct Hidden {
            var hiddenName, hiddenValue: String
        }
        var filterAction: String
        var filterHidden: [Hidden]
        var kindLabel: String
        var kinds: [Option]
        var textLabel, textValue, filterButton: String
    }
    struct Events {
        var eventRows: [BoardPage.Event]
    }

    var sectionCls: String
    var sectionTitle: String?
    var lines: [Line] = []
    var filter: Filter?
    var items: [Item] = [] {
        didSet { hasItems = !items.isEmpty }
    }
    var hasItems = false
    var events: Events?
    var copy: Copy?
    var sectionForms: [BoardForm] = []
    var links: [Link] = [] {
        didSet { hasLinks = !links.isEmpty }
    }
    var hasLinks = false

    init(_ cls: String, title: String? = nil) {
        sectionCls = cls
        sectionTitle = title
    }

    mutating func line(_ text: String, cls: String = "") { lines.append(Line(lineText: text, lineCls: cls)) }
}
