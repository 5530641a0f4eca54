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

    func child(named name: String) -> Any? {
        if name == "viewer" { return viewer }
        guard let value = Mirror(reflecting: view).children.first(where: { $0.label == name })?.value else {
            return (view as? MustacheParent)?.child(named: name)
        }
        // An optional's value, or nothing for nil (as Mustache treats a missing key).
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}
