package io.lmdeck.lifecycle;

/** Who holds a lease on an instance. The gateway's forwarded requests will be the next kind. */
enum LeaseHolder {
    CHAT
}
