package org.tegami.store;

/** The result of one delivery attempt for one recipient: its new state and the reply or error text. */
public record RecipientOutcome(String address, DeliveryState state, String result) {
}
