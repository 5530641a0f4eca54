/// One XML element with its attributes, text and children: the shape a record (an Atom
/// `<entry>`, an OAI-PMH `<record>`) is read into.
public final class XMLElementNode {
    public let name: String
    public let attributes: [String: String]
    public internal(set) var children: [XMLElementNode] = []
    /// The element's own text (not its children's), as written, references decoded.
    public internal(set) var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    public func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }
    public func children(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }

    /// The trimmed text of the first child called `name`, or nil when absent or blank.
    public func value(_ name: String) -> String? {
        guard let text = child(name)?.text.trimmingWhitespace(), !text.isEmpty else { return nil }
        return String(text)
    }
}
