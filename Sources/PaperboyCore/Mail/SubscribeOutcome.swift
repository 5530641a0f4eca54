/// What a subscription request did, kept from the requester (the answer is the same
/// either way, so nobody learns who subscribes): the caller emails a confirmation for a new
/// or unconfirmed address and a manage link for a confirmed one.
public enum SubscribeOutcome: Sendable, Equatable {
    case needsConfirmation(Subscription)
    case alreadyConfirmed(Subscription)
}
