import Mustache

// The values every list renders many times (cards and what they hold) name their fields to
// Mustache directly: Mustache otherwise reflects a value (`Mirror`) for every key it looks
// up, and on a page of 50 cards that reflection cost more than everything else the page did.
// A name not listed here is not the value's, and Mustache looks further out, as it would.

extension PaperCard: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "title": title
        case "href": href
        case "voteAction": voteAction
        case "returnTo": returnTo
        case "authors": authors
        case "date": date
        case "categories": categories
        case "upvotes": upvotes
        case "voted": voted
        case "preview": preview
        case "code": code
        case "hfSummary": hfSummary
        case "venue": venue
        case "library": library
        case "reason": reason
        default: nil
        }
    }
}

extension LibraryButtons: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "rateAction": rateAction
        case "saveAction": saveAction
        case "saved": saved
        case "ratedUp": ratedUp
        case "ratedDown": ratedDown
        case "upValue": upValue
        case "downValue": downValue
        default: nil
        }
    }
}

extension RecommendationReasonView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "likeTitle": likeTitle
        case "likeHref": likeHref
        case "words": words
        default: nil
        }
    }
}

extension CategoryLink: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "href": href
        default: nil
        }
    }
}

extension CodeBadge: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "name": self.name
        case "stars": stars
        case "foundInText": foundInText
        default: nil
        }
    }
}

extension PageContext.Viewer: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "email": email
        case "csrf": csrf
        default: nil
        }
    }
}
