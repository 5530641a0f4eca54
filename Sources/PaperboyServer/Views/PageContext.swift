import Mustache

/// What a template renders: the page's view, with `viewer` (the signed-in reader, absent for
/// a visitor) beside its own keys, so a card deep in a list finds the session's CSRF token
/// without each view carrying it.
struct PageContext: MustacheParent {
    struct Viewer {
        let email: String
        let csrf: String
    }

    let view: Any
    let viewer: Viewer?
    /// The view's fields by name, read once: every card's lookup of a page-level key (and
    /// of `viewer`) climbs to here, and reflecting the view each time cost more than the page.
    private let fields: [String: Any]

    init(view: Any, viewer: Viewer?) {
        self.view = view
        self.viewer = viewer
        var fields: [String: Any] = [:]
        for child in Mirror(reflecting: view).children {
            guard let label = child.label else { continue }
            // An optional's value, or nothing for nil (as Mustache treats a missing key).
            let mirror = Mirror(reflecting: child.value)
            if mirror.displayStyle == .optional {
                if let value = mirror.children.first?.value { fields[label] = value }
            } else {
                fields[label] = child.value
            }
        }
        self.fields = fields
    }

    func child(named name: String) -> Any? {
        if name == "viewer" { return viewer }
        return fields[name] ?? (view as? MustacheParent)?.child(named: name)
    }
}
