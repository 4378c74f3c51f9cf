package dev.parley.gateway;

import org.springframework.web.reactive.socket.CloseStatus;

/** Close codes Parley uses beyond the standard ones (documented in docs/protocol.md). */
final class CloseCodes {

    /** The node is stopping (drain): every send was answered; connect again and resume, another node takes over. */
    static final CloseStatus GOING_AWAY = new CloseStatus(1001, "server shutting down; reconnect and resume");
    /** RFC 6455: a text message that is not valid UTF-8. */
    static final CloseStatus INVALID_UTF8 = new CloseStatus(1007, "text frame is not valid UTF-8");
    /** RFC 6455: a message over parley.gateway.max-frame-bytes that came in fragments (Netty's decoder closes an unfragmented one itself). */
    static final CloseStatus MESSAGE_TOO_BIG = new CloseStatus(1009, "message too big");
    static final CloseStatus IDLE_TIMEOUT = new CloseStatus(4000, "idle timeout");
    static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4001, "token expired");
    /** The access token was revoked (logout, on this node or another): refreshing will not help if the refresh token went with it. */
    static final CloseStatus TOKEN_REVOKED = new CloseStatus(4003, "token revoked");
    static final CloseStatus SLOW_CONSUMER = new CloseStatus(4008, "outbound queue overflow");
    /** The user already has as many sessions open on this node as parley.limits.gateway.sessions-per-user allows. */
    static final CloseStatus TOO_MANY_SESSIONS = new CloseStatus(4029, "too many sessions for this user; close one first");
    static final CloseStatus RESUME_FAILED = new CloseStatus(4009, "resume failed; reconnect and resume again");

    private CloseCodes() {
    }
}
