import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small element tree built from Foundation's SAX parser. Names are local (namespace
/// prefixes dropped) because arXiv's feeds mix default and prefixed namespaces freely.
/// If the document is damaged part way, the tree keeps every element that was closed
/// before the damage, so the records before it can still be imported.
public final class XMLElementNode {
    public let name: String
    public let attributes: [String: String]
    public private(set) var children: [XMLElementNode] = []
    public fileprivate(set) var text = ""
    /// False when the document ended (or broke) before this element's end tag.
    public fileprivate(set) var isComplete = false
    public fileprivate(set) var line = 0

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    fileprivate func append(_ child: XMLElementNode) { children.append(child) }

    public func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }
    public func children(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }
    /// The trimmed text of the first child called `name`, or nil when absent or blank.
    public func value(_ name: String) -> String? {
        guard let text = child(name)?.text.trimmingWhitespace(), !text.isEmpty else { return nil }
        return String(text)
    }

    /// Every descendant called `name`, depth first.
    public func descendants(_ name: String) -> [XMLElementNode] {
        var found: [XMLElementNode] = []
        for child in children {
            if child.name == name { found.append(child) } else { found += child.descendants(name) }
        }
        return found
    }
}

public struct XMLTree {
    public let root: XMLElementNode?
    /// The parser's complaint when the document is not well-formed, with its line.
    public let error: String?

    public static func parse(_ bytes: [UInt8]) -> XMLTree {
        let builder = TreeBuilder()
        // Foundation's parser traps on some invalid UTF-8 in names; repair the text first
        // (invalid sequences become U+FFFD), so a damaged file is an error, not a crash.
        let valid = String(validating: bytes, as: UTF8.self) != nil
        let parser = XMLParser(data: valid ? Data(bytes) : Data(String(decoding: bytes, as: UTF8.self).utf8))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let ok = parser.parse()
        var error: String?
        if !ok {
            let detail = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "not well-formed XML"
            error = "XML error at line \(parser.lineNumber): \(detail)"
        } else if builder.root?.isComplete == false {
            error = "XML error at line \(parser.lineNumber): document ends before its last element is closed"
        }
        return XMLTree(root: builder.root, error: error)
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var root: XMLElementNode?
        var stack: [XMLElementNode] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            let node = XMLElementNode(name: local, attributes: attributes)
            node.line = parser.lineNumber
            if let parent = stack.last { parent.append(node) } else if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            stack.popLast()?.isComplete = true
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
        }
    }
}
