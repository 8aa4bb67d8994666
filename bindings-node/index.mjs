// ES module entry of pikepay: the same objects as the CommonJS entry (index.js).
// The error class names below are checked against the core's kind table by the tests.
import pikepay from './index.js';

export const {
  Client,
  Webhook,
  sign,
  verify,
  redact,
  validateRequest,
  DEMO_URL,
  LIVE_URL,
  SIGNATURE_HEADER,
  PikepayError,
  ERROR_KINDS,
  SECRET_FIELDS,
  PUBLIC_FIELDS,
  ConfigurationError,
  InvalidKeyError,
  SignatureVerificationError,
  InvalidRequestError,
  AuthenticationError,
  IdempotencyError,
  NotFoundError,
  RateLimitError,
  ApiError,
  ServerError,
  NetworkError,
  OutcomeUnknownError,
  DecodeError,
  InternalError,
} = pikepay;

export default pikepay;
