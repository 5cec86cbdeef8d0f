// Messages of signing in by e-mail link and single sign-on, the way back to the page the person came from,
// and the privacy notice's consent step (the phone and officer messages are in vi.ts/en.ts).
export const signInVi = {
  'signIn.methods': 'Cách đăng nhập',
  'signIn.method.phone': 'Số điện thoại',
  'signIn.method.email': 'E-mail',
  'signIn.returnNote': 'Sau khi đăng nhập, bạn sẽ quay lại trang đang xem.',
  'signIn.backToPage': 'Quay lại trang đang xem',

  'signIn.emailTitle': 'Đăng nhập bằng e-mail',
  'signIn.email': 'Địa chỉ e-mail',
  'signIn.emailHint':
    'Hệ thống sẽ gửi tới địa chỉ này một đường liên kết để đăng nhập, không cần mật khẩu. Lần đầu đăng nhập, tài khoản được tạo với địa chỉ này.',
  'signIn.emailMissing': 'Vui lòng nhập địa chỉ e-mail.',
  'signIn.emailInvalid': 'Địa chỉ e-mail chưa đúng. Ví dụ: nguyenvana@gmail.com.',
  'signIn.sendLink': 'Gửi liên kết đăng nhập',
  'signIn.sendLinkIn': 'Gửi liên kết sau {time}',
  'signIn.linkSentTitle': 'Kiểm tra hộp thư của bạn',
  'signIn.linkSent':
    'Đã gửi liên kết đăng nhập tới {email}. Vui lòng mở thư và bấm vào liên kết để đăng nhập.',
  'signIn.linkValidity': 'Liên kết có hiệu lực trong {minutes} phút và chỉ dùng được một lần.',
  'signIn.spamHint':
    'Không thấy thư sau vài phút? Hãy xem trong thư mục Thư rác (Spam) hoặc Quảng cáo, và kiểm tra lại địa chỉ đã nhập.',
  'signIn.resendLink': 'Gửi lại liên kết',
  'signIn.resendLinkIn': 'Gửi lại liên kết sau {time}',
  'signIn.linkResent': 'Đã gửi một liên kết mới tới {email}.',
  'signIn.changeEmail': 'Đổi địa chỉ e-mail',
  'signIn.rateLimited': 'Bạn đã yêu cầu nhiều lần trong thời gian ngắn. Vui lòng thử lại sau {time}.',
  'signIn.waitSeconds': '{seconds} giây',
  'signIn.waitMinutes': '{minutes} phút {seconds} giây',
  'signIn.waitWholeMinutes': '{minutes} phút',

  'signIn.linkChecking': 'Đang kiểm tra liên kết đăng nhập…',
  'signIn.linkInvalidTitle': 'Liên kết đăng nhập không còn hiệu lực',
  'signIn.linkInvalid':
    'Liên kết đã hết hạn (sau 30 phút) hoặc đã được sử dụng; mỗi liên kết chỉ dùng được một lần. Vui lòng gửi liên kết mới để đăng nhập.',
  'signIn.newLink': 'Gửi liên kết mới',
  'signIn.linkErrorTitle': 'Chưa kiểm tra được liên kết',
  'signIn.retry': 'Thử lại',

  'signIn.privacyIntroEmail':
    'Đây là lần đầu bạn đăng nhập bằng địa chỉ e-mail này. Trước khi tạo tài khoản, vui lòng đọc tóm tắt thông báo dưới đây.',
  'signIn.privacy1Email':
    'Hệ thống lưu địa chỉ e-mail, họ và tên (nếu bạn cung cấp) và nội dung phản ánh để tiếp nhận, xử lý và trả lời phản ánh của bạn.',
  'signIn.privacyIntroSso':
    'Đây là lần đầu bạn đăng nhập bằng tài khoản này. Trước khi tạo tài khoản, vui lòng xem thông tin sẽ được lưu và đọc tóm tắt thông báo dưới đây.',
  'signIn.privacy1Sso':
    'Hệ thống lưu các thông tin trên và nội dung phản ánh để tiếp nhận, xử lý và trả lời phản ánh của bạn.',
  'signIn.privacyFull': 'Đọc toàn văn thông báo',
  'signIn.newTab': '(mở trong thẻ mới)',

  'signIn.or': 'hoặc',
  'signIn.sso': 'Đăng nhập một lần (SSO)',
  'signIn.ssoHint': 'Dùng tài khoản của cổng xác thực mà hệ thống đã kết nối.',
  'signIn.ssoLoading': 'Đang tải thông tin từ cổng xác thực…',
  'signIn.ssoDetails': 'Thông tin nhận từ cổng xác thực',
  'signIn.ssoName': 'Họ và tên',
  'signIn.ssoEmail': 'E-mail',
  'signIn.ssoPhone': 'Số điện thoại',
  'signIn.ssoNone': 'Không có',
  'signIn.ssoExpiredTitle': 'Phiên đăng nhập đã hết hạn',
  'signIn.ssoExpired':
    'Không còn yêu cầu đăng nhập nào đang chờ đồng ý (quá 15 phút, hoặc đã hoàn tất ở thẻ khác). Vui lòng đăng nhập lại.',
  'signIn.backToSignIn': 'Về trang đăng nhập',
} as const;

export const signInEn: Readonly<Record<keyof typeof signInVi, string>> = {
  'signIn.methods': 'How to sign in',
  'signIn.method.phone': 'Phone number',
  'signIn.method.email': 'E-mail',
  'signIn.returnNote': 'After signing in you will come back to the page you were on.',
  'signIn.backToPage': 'Back to the page you were on',

  'signIn.emailTitle': 'Sign in with e-mail',
  'signIn.email': 'E-mail address',
  'signIn.emailHint':
    'We will send a sign-in link to this address; no password needed. The first time, an account is created for this address.',
  'signIn.emailMissing': 'Please enter your e-mail address.',
  'signIn.emailInvalid': 'This is not an e-mail address. Example: nguyenvana@gmail.com.',
  'signIn.sendLink': 'Send sign-in link',
  'signIn.sendLinkIn': 'Send the link in {time}',
  'signIn.linkSentTitle': 'Check your inbox',
  'signIn.linkSent':
    'A sign-in link has been sent to {email}. Open the message and follow the link to sign in.',
  'signIn.linkValidity': 'The link works for {minutes} minutes, and only once.',
  'signIn.spamHint':
    'No message after a few minutes? Look in your Spam or Promotions folder, and check the address you typed.',
  'signIn.resendLink': 'Send the link again',
  'signIn.resendLinkIn': 'Send the link again in {time}',
  'signIn.linkResent': 'A new link has been sent to {email}.',
  'signIn.changeEmail': 'Use another address',
  'signIn.rateLimited': 'You have asked several times in a short while. Please try again in {time}.',
  'signIn.waitSeconds': '{seconds} s',
  'signIn.waitMinutes': '{minutes} min {seconds} s',
  'signIn.waitWholeMinutes': '{minutes} min',

  'signIn.linkChecking': 'Checking your sign-in link…',
  'signIn.linkInvalidTitle': 'This sign-in link no longer works',
  'signIn.linkInvalid':
    'The link has expired (after 30 minutes) or has already been used; each link works once. Please ask for a new link to sign in.',
  'signIn.newLink': 'Send a new link',
  'signIn.linkErrorTitle': 'The link could not be checked',
  'signIn.retry': 'Try again',

  'signIn.privacyIntroEmail':
    'This is the first time you sign in with this e-mail address. Before the account is created, please read the summary of the notice below.',
  'signIn.privacy1Email':
    'The system keeps your e-mail address, your name (if you give it) and your reports, to receive, handle and answer them.',
  'signIn.privacyIntroSso':
    'This is the first time you sign in with this account. Before the account is created, please check what will be kept and read the summary of the notice below.',
  'signIn.privacy1Sso':
    'The system keeps the details above and your reports, to receive, handle and answer them.',
  'signIn.privacyFull': 'Read the full notice',
  'signIn.newTab': '(opens in a new tab)',

  'signIn.or': 'or',
  'signIn.sso': 'Single sign-on (SSO)',
  'signIn.ssoHint': 'Use your account at the identity service this system is connected to.',
  'signIn.ssoLoading': 'Loading the details from the identity service…',
  'signIn.ssoDetails': 'Details from the identity service',
  'signIn.ssoName': 'Full name',
  'signIn.ssoEmail': 'E-mail',
  'signIn.ssoPhone': 'Phone number',
  'signIn.ssoNone': 'None',
  'signIn.ssoExpiredTitle': 'The sign-in has expired',
  'signIn.ssoExpired':
    'No sign-in is waiting for consent any more (after 15 minutes, or it was finished in another tab). Please sign in again.',
  'signIn.backToSignIn': 'Back to sign-in',
};
