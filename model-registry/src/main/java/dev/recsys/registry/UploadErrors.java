package dev.recsys.registry;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Errors raised while the multipart body is parsed, before any controller is chosen, so a
 * controller's own handlers never see them.
 */
@RestControllerAdvice
class UploadErrors {

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
        "upload too large: the limits are spring.servlet.multipart.max-file-size and max-request-size"
            + " (512MB and 1GB by default)");
  }
}
