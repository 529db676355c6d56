package dev.recsys.gateway.admin;

import dev.recsys.gateway.config.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.stereotype.Component;

/**
 * The gateway's admin credential: {@code Authorization: Bearer <recsys.gateway.admin-token>}, for
 * the experiment admin API and the forced-arm header. No token configured means no admin access.
 */
@Component
public class AdminAuth {

  private final byte[] token;

  public AdminAuth(GatewayProperties props) {
    this.token = props.adminToken() == null || props.adminToken().isBlank()
        ? null : props.adminToken().getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code authorization} carries the admin token (compared in constant time). */
  public boolean isAdmin(String authorization) {
    if (token == null || authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(authorization.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8), token);
  }

  /** Throws {@link Denied} (401 or 403) unless {@code authorization} is the admin's. */
  public void require(String authorization, String what) {
    if (token == null) {
      throw new Denied(403, what + " is disabled: set recsys.gateway.admin-token (env RECSYS_GATEWAY_ADMIN_TOKEN)");
    }
    if (!isAdmin(authorization)) {
      throw new Denied(401, what + " needs 'Authorization: Bearer <admin token>'");
    }
  }

  /** An admin-only operation without the admin credential. */
  public static final class Denied extends RuntimeException {
    private final int status;

    public Denied(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
