import Foundation
import IncidentKit

/// A form as the `form` partial reads it: hidden CSRF token and one-time key,
/// the person's name and device when the device has none yet, the fields with
/// what was typed and the error beside each, and the buttons.
///
/// Optional texts have names of their own (`formError`, `fieldError`, `hint`):
/// Mustache looks a missing name up in the enclosing context, so a field
/// without an error must not show its form's.
struct BoardForm: Sendable {
    var action: String
    var cls: String
    var csrf: String
    /// A one-time key: the write it sends is appended once, however often it is sent.
    var key: String
    var heading: String?
    var formError: String?
    var who: Who?
    var fields: [Field]
    var buttons: [Button]

    struct Who: Sendable {
        var nameID, nameErrorID, deviceID, deviceErrorID: String
        var nameValue, deviceValue: String
        var nameLabel, deviceLabel, intro, devicePlaceholder: String
        var nameError, deviceError: String?
    }

    struct Option: Sendable {
        var value, label: String
        var selected: Bool
    }

    struct Field: Sendable {
        var name: String
        var label: String
        var value: String
        var fieldError: String?
        var hint: String?
        var textarea = false
        var text = false
        var time = false
        var date = false
        var number = false
        var select = false
        var hidden = false
        var required = false
        var options: [Option] = []
        /// `id` of the input, and of its error (`aria-describedby`).
        var id: String
        var describedBy: String

        init(_ name: String, label: String, value: String?, hint: String? = nil) {
            self.name = name
            self.label = label
            self.value = value ?? ""
            self.hint = hint
            id = "f-\(name)"
            describedBy = "e-\(name)"
        }

        static func textarea(_ name: String, label: String, value: String?, required: Bool = true, hint: String? = nil) -> Field {
            var f = Field(name, label: label, value: value, hint: hint)
            f.textarea = true
            f.required = required
            return f
        }

        static func text(_ name: String, label: String, value: String?, required: Bool = false, hint: String? = nil) -> Field {
            var f = Field(name, label: label, value: value, hint: hint)
            f.text = true
            f.required = required
            return f
        }

        static func time(_ name: String, label: String, value: String?, hint: String? = nil) -> Field {
            var f = Field(name, label: label, value: value, hint: hint)
            f.time = true
            return f
        }

        /// A calendar date (`YYYY-MM-DD` from the browser's date picker).
        static func date(_ name: String, label: String, value: String?, required: Bool = false, hint: String? = nil) -> Field {
            var f = Field(name, label: label, value: value, hint: hint)
            f.date = true
            f.required = required
            return f
        }

        /// A whole number (the phone shows its number pad).
        static func number(_ name: String, label: String, value: String?, required: Bool = false, hint: String? = nil) -> Field {
            var f = Field(name, label: label, value: value, hint: hint)
            f.number = true
            f.required = required
            return f
        }

        static func hidden(_ name: String, _ value: String) -> Field {
            var f = Field(name, label: "", value: value)
            f.hidden = true
            return f
        }

        static func select(_ name: String, label: String, options: [(String, String)], selected: String?, hint: String? = nil) -> Field {
            var f = Field(name, label: label, value: selected, hint: hint)
            f.select = true
            f.options = options.map { Option(value: $0.0, label: $0.1, selected: $0.0 == selected) }
            return f
        }
    }

    struct Button: Sendable {
        var name, value, label, cls: String

        init(_ label: String, name: String = "go", value: String = "1", cls: String = "") {
            (self.label, self.name, self.value, self.cls) = (label, name, value, cls)
        }
    }
}

/// What a refused write sends back to its form: the values as typed, and the
/// error beside the field it concerns (or above the form).
struct FormFailure: Sendable {
    var values: FormBody
    var fieldErrors: [String: String] = [:]
    var formError: String?

    static let none = FormFailure(values: FormBody())
}
