package io.lmdeck.lifecycle;

/** Who holds a lease on an instance: lmdeck's own chat, or a request forwarded by the gateway (contract §6). */
enum LeaseHolder {
    CHAT,
    GATEWAY
}
