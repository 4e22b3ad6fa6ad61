package org.tegami.store;

/** Where one recipient of a queued message stands. */
public enum DeliveryState {
    /** Not yet delivered; will be tried again. */
    PENDING,
    /** Accepted by the next hop. */
    DELIVERED,
    /** Refused permanently or expired; a delivery status notification is due or was sent. */
    FAILED
}
