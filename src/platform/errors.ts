// One error type with a catalogue of stable codes, and the one place that renders errors to HTTP.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type Lang = 'vi' | 'en';

/** The error catalogue: stable code → HTTP status and the user-facing message in Vietnamese and English. */
export const ERRORS = {
  validation_failed: {
    status: 400,
    vi: 'Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra lại các trường được nêu.',
    en: 'The submitted data is not valid. Please check the fields listed.',
  },
  bad_request: {
    status: 400,
    vi: 'Yêu cầu không hợp lệ.',
    en: 'The request is not valid.',
  },
  invalid_json: {
    status: 400,
    vi: 'Nội dung gửi lên không phải JSON hợp lệ.',
    en: 'The request body is not valid JSON.',
  },
  unauthenticated: {
    status: 401,
    vi: 'Bạn cần đăng nhập để thực hiện thao tác này.',
    en: 'You need to sign in to do this.',
  },
  invalid_credentials: {
    status: 401,
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'The username or password is not correct.',
  },
  second_factor_required: {
    status: 401,
    vi: 'Vui lòng nhập mã xác thực hai lớp từ ứng dụng xác thực trên điện thoại.',
    en: 'Please enter the two-factor code from your authenticator app.',
  },
  second_factor_setup_required: {
    status: 403,
    vi: 'Tài khoản quản trị phải bật xác thực hai lớp trước khi thao tác.',
    en: 'Administrator accounts must turn on two-factor authentication first.',
  },
  invalid_code: {
    status: 400,
    vi: 'Mã xác thực không đúng hoặc đã hết hạn.',
    en: 'The code is wrong or has expired.',
  },
  privacy_consent_required: {
    status: 400,
    vi: 'Vui lòng đọc và đồng ý với thông báo về xử lý dữ liệu cá nhân để tạo tài khoản.',
    en: 'Please read and accept the privacy notice to create an account.',
  },
  plan_rejected: {
    status: 422,
    vi: 'Phương án không được áp dụng vì có nội dung không hợp lệ; dữ liệu chưa có gì thay đổi.',
    en: 'The plan was not applied because parts of it are not valid; nothing has changed.',
  },
  forbidden: {
    status: 403,
    vi: 'Bạn không có quyền thực hiện thao tác này.',
    en: 'You are not allowed to do this.',
  },
  not_found: {
    status: 404,
    vi: 'Không tìm thấy nội dung yêu cầu.',
    en: 'The requested resource was not found.',
  },
  method_not_allowed: {
    status: 405,
    vi: 'Phương thức không được hỗ trợ cho địa chỉ này.',
    en: 'This method is not allowed here.',
  },
  conflict: {
    status: 409,
    vi: 'Dữ liệu đã bị thay đổi hoặc đã tồn tại.',
    en: 'The data has changed or already exists.',
  },
  stats_out_of_scope: {
    status: 403,
    vi: 'Bạn chỉ được xem số liệu của cơ quan, địa bàn mình phụ trách và các đơn vị trực thuộc.',
    en: 'You may only see the figures of the agency or area you are responsible for and the units under it.',
  },
  // workflow
  action_not_allowed: {
    status: 403,
    vi: 'Bạn không có quyền thực hiện thao tác này đối với phản ánh này.',
    en: 'You may not take this action on this report.',
  },
  action_not_available: {
    status: 409,
    vi: 'Thao tác này không thực hiện được ở trạng thái hiện tại của phản ánh. Vui lòng tải lại trang.',
    en: 'This action cannot be taken in the report’s current state. Please reload the page.',
  },
  report_changed: {
    status: 409,
    vi: 'Phản ánh vừa được cập nhật bởi người khác. Vui lòng tải lại trang và thực hiện lại.',
    en: 'Someone else has just updated the report. Please reload the page and try again.',
  },
  // reports
  idempotency_key_reused: {
    status: 422,
    vi: 'Mã chống gửi trùng (Idempotency-Key) này đã được dùng cho một nội dung khác. Vui lòng tạo mã mới cho lần gửi mới.',
    en: 'This Idempotency-Key was already used with a different request. Use a new key for a new submission.',
  },
  outside_province: {
    status: 422,
    vi: 'Vị trí đã chọn nằm ngoài địa bàn tỉnh nên hệ thống không tiếp nhận. Vui lòng chọn lại vị trí trong tỉnh hoặc gửi đến tỉnh nơi xảy ra sự việc.',
    en: 'The chosen place is outside the province, so the report cannot be accepted here. Please choose a place inside the province, or report to the province where it happened.',
  },
  report_invalid: {
    status: 422,
    vi: 'Phản ánh chưa đủ thông tin hoặc có thông tin không hợp lệ. Vui lòng xem các mục được nêu.',
    en: 'The report is incomplete or has invalid details. Please see the items listed.',
  },
  payload_too_large: {
    status: 413,
    vi: 'Dữ liệu gửi lên quá lớn.',
    en: 'The request is too large.',
  },
  unsupported_media_type: {
    status: 415,
    vi: 'Định dạng nội dung không được hỗ trợ.',
    en: 'This content type is not supported.',
  },
  // media
  media_type_not_allowed: {
    status: 415,
    vi: 'Tệp không phải ảnh hoặc video được hỗ trợ. Vui lòng gửi ảnh JPEG, PNG, WebP hoặc video MP4, MOV, WebM.',
    en: 'This file is not a supported photo or video. Please send a JPEG, PNG or WebP photo, or an MP4, MOV or WebM video.',
  },
  media_heic_not_supported: {
    status: 415,
    vi: 'Hệ thống chưa đọc được ảnh HEIC. Vui lòng gửi ảnh JPEG (trên iPhone: Cài đặt > Camera > Định dạng > Tương thích nhất).',
    en: 'HEIC photos cannot be read yet. Please send a JPEG photo (on iPhone: Settings > Camera > Formats > Most Compatible).',
  },
  media_too_large: {
    status: 413,
    vi: 'Tệp vượt quá dung lượng cho phép. Vui lòng gửi ảnh nhỏ hơn hoặc video ngắn hơn.',
    en: 'The file is larger than allowed. Please send a smaller photo or a shorter video.',
  },
  media_too_many_pixels: {
    status: 422,
    vi: 'Ảnh có độ phân giải quá lớn để xử lý. Vui lòng gửi ảnh có độ phân giải nhỏ hơn.',
    en: 'The photo has too many pixels to process. Please send a lower-resolution photo.',
  },
  media_corrupt: {
    status: 422,
    vi: 'Tệp ảnh hoặc video bị lỗi hoặc không đầy đủ. Vui lòng chọn lại tệp hoặc chụp lại.',
    en: 'The photo or video file is damaged or incomplete. Please choose the file again or take a new one.',
  },
  rate_limited: {
    status: 429,
    vi: 'Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.',
    en: 'Too many requests. Please try again in a few minutes.',
  },
  internal: {
    status: 500,
    vi: 'Hệ thống gặp lỗi ngoài dự kiến. Vui lòng thử lại; nếu vẫn lỗi, hãy báo mã yêu cầu cho bộ phận hỗ trợ.',
    en: 'Something went wrong on our side. Please try again; if it persists, give the request id to support.',
  },
  unavailable: {
    status: 503,
    vi: 'Hệ thống tạm thời không sẵn sàng. Vui lòng thử lại sau.',
    en: 'The service is temporarily unavailable. Please try again later.',
  },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorDetail {
  /** JSON pointer-like path of the offending field, e.g. `/body/title`. */
  field: string;
  /** What is wrong, in English (machine-oriented; the UI shows the translated message). */
  problem: string;
  /** A sentence for people, when the problem needs more than the field (e.g. a row of an imported file). */
  messages?: { vi: string; en: string };
}

/** An expected failure: a stable code, an HTTP status from the catalogue, and an internal detail kept out of responses. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly options: {
      internal?: string;
      details?: ErrorDetail[];
      cause?: unknown;
      /** For `rate_limited`: when to try again (sent as Retry-After). */
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(options.internal ?? code, { cause: options.cause });
    this.name = 'AppError';
    this.status = ERRORS[code].status;
  }
}

/** Picks Vietnamese unless the client prefers English. */
export function requestLang(request: FastifyRequest): Lang {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string') return 'vi';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    messages: { vi: string; en: string };
    requestId: string;
    details?: ErrorDetail[];
  };
}

export function errorBody(
  code: ErrorCode,
  lang: Lang,
  requestId: string,
  details?: ErrorDetail[],
): ErrorBody {
  const entry = ERRORS[code];
  return {
    error: {
      code,
      message: entry[lang],
      messages: { vi: entry.vi, en: entry.en },
      requestId,
      ...(details && details.length > 0 ? { details } : {}),
    },
  };
}

/** Fastify's own errors about a malformed request, by their code. */
const FASTIFY_CODES: Partial<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

/** Maps anything thrown to an AppError; unknown errors become `internal`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as Partial<FastifyError> & { validation?: unknown };
  if (Array.isArray(fastifyError.validation)) {
    const details = (
      fastifyError.validation as {
        instancePath?: string;
        message?: string;
        params?: Record<string, unknown>;
      }[]
    ).map((v) => {
      const missing = typeof v.params?.missingProperty === 'string' ? `/${v.params.missingProperty}` : '';
      const context = fastifyError.validationContext ?? 'body';
      return { field: `/${context}${v.instancePath ?? ''}${missing}`, problem: v.message ?? 'is invalid' };
    });
    return new AppError('validation_failed', { details, cause: error });
  }
  const byFastifyCode = fastifyError.code === undefined ? undefined : FASTIFY_CODES[fastifyError.code];
  if (byFastifyCode !== undefined) return new AppError(byFastifyCode, { cause: error });
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const byStatus: Partial<Record<number, ErrorCode>> = {
      401: 'unauthenticated',
      403: 'forbidden',
      404: 'not_found',
      405: 'method_not_allowed',
      409: 'conflict',
      413: 'payload_too_large',
      415: 'unsupported_media_type',
      429: 'rate_limited',
    };
    return new AppError(byStatus[status] ?? 'bad_request', { internal: fastifyError.message, cause: error });
  }
  // A database refusal that a check missed: a 4xx, never a 500. Its message and detail ("Failing row
  // contains …") may hold personal data, so neither travels further than the cause.
  const sqlState = (error as { code?: unknown }).code;
  if (typeof sqlState === 'string' && /^(22|23)[0-9A-Z]{3}$/.test(sqlState))
    return new AppError(sqlState.startsWith('23') ? 'conflict' : 'validation_failed', {
      internal: `database refused: ${sqlState}`,
    });
  if (sqlState === '40P01' || sqlState === '40001')
    return new AppError('conflict', { internal: `database: ${sqlState}` });
  return new AppError('internal', { cause: error });
}

/** A database error as it may be logged: its code and where, never the row it quotes. */
function loggable(error: unknown): unknown {
  const e = error as {
    code?: unknown;
    constraint?: unknown;
    table?: unknown;
    routine?: unknown;
    stack?: unknown;
  };
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && 'severity' in (error as object))
    return {
      type: 'DatabaseError',
      code: e.code,
      constraint: e.constraint,
      table: e.table,
      routine: e.routine,
    };
  return error;
}

/** Installs the one error renderer and the not-found handler. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) {
      request.log.error({ err: loggable(error), code: appError.code }, 'request failed');
    } else {
      request.log.info({ code: appError.code, internal: appError.options.internal }, 'request rejected');
    }
    if (appError.options.retryAfterSeconds !== undefined)
      void reply.header('retry-after', String(appError.options.retryAfterSeconds));
    void reply
      .status(appError.status)
      .header('cache-control', 'no-store')
      .send(errorBody(appError.code, requestLang(request), request.id, appError.options.details));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(errorBody('not_found', requestLang(request), request.id));
  });
}
