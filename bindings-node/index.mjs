// ES module entry of pikepay: the same objects as the CommonJS entry (index.js).
// The error class names below are generated from the core's kind table (scripts/generate).
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
  // generated from the core's error table: error names
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
  // end of generated: error names
} = pikepay;

export default pikepay;
