// Vietnamese catalogue: the default language and the source of the message keys.
import { accountVi } from './account.js';
import { adminVi } from './admin.js';
import { followVi } from './follow.js';
import { guidesVi } from './guides.js';
import { mapVi } from './map.js';
import { reportVi } from './report.js';
import { leaderStatsVi } from './leader-stats.js';
import { statsVi } from './stats.js';
import { signInVi } from './sign-in.js';
import { workspaceVi } from './workspace.js';

export const vi = {
  ...reportVi,
  ...followVi,
  ...guidesVi,
  ...mapVi,
  ...accountVi,
  ...adminVi,
  ...statsVi,
  ...leaderStatsVi,
  ...signInVi,
  ...workspaceVi,
  'site.defaultName': 'Hệ thống thông tin phản ánh hiện trường',
  'site.defaultShortName': 'PAKN',
  'site.province': 'Tỉnh {province}',

  skipLink: 'Bỏ qua, đến nội dung chính',
  'lang.label': 'Ngôn ngữ',

  'nav.label': 'Điều hướng chính',
  'nav.home': 'Trang chủ',
  'nav.submit': 'Gửi phản ánh',
  'nav.lookup': 'Tra cứu phản ánh',
  'nav.guides': 'Hướng dẫn',

  'home.title': 'Phản ánh, kiến nghị của người dân và doanh nghiệp',
  'home.intro':
    'Đây là kênh để người dân, doanh nghiệp gửi phản ánh, kiến nghị về những vấn đề bất cập trong đời sống, xã hội đến các cơ quan nhà nước của tỉnh. Các cơ quan nhà nước có trách nhiệm kiểm tra, xử lý và trả lời phản ánh, kiến nghị theo đúng quy định của pháp luật.',
  'home.cta': 'Gửi phản ánh',

  'stats.title': 'Số liệu công khai',
  'stats.received': 'Phản ánh đã tiếp nhận',
  'stats.handled': 'Đã xử lý xong',
  'stats.onTime': 'Tỷ lệ đúng hạn',
  'stats.onTimeNone': 'chưa có phản ánh đến hạn',
  'stats.updatedAt': 'Cập nhật lúc {time}',
  'stats.loading': 'Đang tải số liệu…',
  'stats.error': 'Không tải được số liệu.',
  'stats.retry': 'Thử lại',

  'pending.text': 'Tính năng đang được xây dựng.',
  'pending.back': 'Về trang chủ',
  'notFound.title': 'Không tìm thấy trang',
  'notFound.text': 'Địa chỉ này không có trong hệ thống.',

  'nav.admin': 'Quản trị',
  'nav.report': 'Phản ánh',
  'nav.mine': 'Phản ánh của tôi',

  'account.signIn': 'Đăng nhập',
  'account.signOut': 'Đăng xuất',
  'account.label': 'Tài khoản',
  'account.signedIn': 'Đã đăng nhập:',
  'account.citizen': 'Người dân',
  'account.officer': 'Cán bộ',
  'account.signOutError': 'Không đăng xuất được. Vui lòng thử lại.',

  'signIn.title': 'Đăng nhập',
  'signIn.tabs': 'Đối tượng đăng nhập',
  'signIn.tab.citizen': 'Người dân',
  'signIn.tab.officer': 'Cán bộ',
  'signIn.already': 'Bạn đang đăng nhập. Đăng nhập tài khoản khác sẽ kết thúc phiên hiện tại.',
  'signIn.citizenTitle': 'Đăng nhập bằng số điện thoại',
  'signIn.phone': 'Số điện thoại',
  'signIn.phoneHint': 'Hệ thống sẽ gửi mã xác thực gồm 6 chữ số qua tin nhắn SMS tới số này.',
  'signIn.phoneMissing': 'Vui lòng nhập số điện thoại.',
  'signIn.sendCode': 'Gửi mã xác thực',
  'signIn.codeTitle': 'Nhập mã xác thực',
  'signIn.codeSent': 'Mã đã được gửi tới {sentTo}.',
  'signIn.code': 'Mã xác thực (6 chữ số)',
  'signIn.codeMissing': 'Vui lòng nhập mã xác thực.',
  'signIn.resend': 'Gửi lại mã',
  'signIn.resendIn': 'Gửi lại mã sau {seconds} giây',
  'signIn.changePhone': 'Đổi số điện thoại',
  'signIn.submit': 'Đăng nhập',
  'signIn.working': 'Đang xử lý…',
  'signIn.unexpected': 'Không kết nối được với hệ thống. Vui lòng kiểm tra kết nối mạng và thử lại.',
  'signIn.privacyTitle': 'Thông báo về xử lý dữ liệu cá nhân',
  'signIn.privacyIntro':
    'Đây là lần đầu bạn đăng nhập bằng số điện thoại này. Trước khi tạo tài khoản, vui lòng đọc tóm tắt thông báo dưới đây.',
  'signIn.privacy1':
    'Hệ thống lưu số điện thoại, họ và tên (nếu bạn cung cấp) và nội dung phản ánh để tiếp nhận, xử lý và trả lời phản ánh của bạn.',
  'signIn.privacy2':
    'Dữ liệu chỉ được các cơ quan nhà nước có thẩm quyền sử dụng để giải quyết phản ánh, không cung cấp cho bên thứ ba, trừ trường hợp pháp luật có quy định.',
  'signIn.privacy3':
    'Bạn có thể xem, tải về dữ liệu của mình hoặc xóa tài khoản bất cứ lúc nào; khi xóa tài khoản, các phản ánh đã gửi được giữ lại dưới dạng ẩn danh.',
  'signIn.privacyVersion': 'Phiên bản thông báo: {version}.',
  'signIn.privacyAccept': 'Tôi đã đọc và đồng ý với thông báo về xử lý dữ liệu cá nhân.',
  'signIn.privacyRequired': 'Vui lòng đánh dấu vào ô đồng ý để tiếp tục.',
  'signIn.privacyContinue': 'Đồng ý và đăng nhập',
  'signIn.officerTitle': 'Đăng nhập dành cho cán bộ',
  'signIn.username': 'Tên đăng nhập',
  'signIn.password': 'Mật khẩu',
  'signIn.credentialsMissing': 'Vui lòng nhập tên đăng nhập và mật khẩu.',
  'signIn.totpTitle': 'Xác thực hai lớp',
  'signIn.totpIntro': 'Nhập mã gồm 6 chữ số đang hiển thị trong ứng dụng xác thực trên điện thoại của bạn.',
  'signIn.totpCode': 'Mã xác thực',
  'signIn.verify': 'Xác nhận',
  'signIn.setupTitle': 'Thiết lập xác thực hai lớp',
  'signIn.setupIntro':
    'Tài khoản của bạn phải bật xác thực hai lớp. Mở ứng dụng xác thực trên điện thoại (ví dụ Google Authenticator, Microsoft Authenticator), thêm tài khoản bằng khóa bí mật hoặc liên kết dưới đây, rồi nhập mã gồm 6 chữ số mà ứng dụng hiển thị.',
  'signIn.setupSecret': 'Khóa bí mật',
  'signIn.setupLink': 'Liên kết thiết lập (mở trên điện thoại đã cài ứng dụng xác thực)',
  'signIn.setupLoading': 'Đang tạo khóa bí mật…',
  'signIn.startOver': 'Đăng nhập lại từ đầu',

  'footer.license': 'Phần mềm mã nguồn mở, giấy phép AGPL-3.0.',
  'footer.api': 'Tài liệu API',

  // A page loaded the first time it is shown (app.tsx).
  'page.loading': 'Đang tải trang…',
  'page.loadError': 'Không tải được trang. Vui lòng kiểm tra kết nối mạng rồi thử lại.',
  'page.retry': 'Thử lại',
};

/** Every message key; the English catalogue must have exactly these. */
export type MessageKey = keyof typeof vi;
export type Catalogue = Readonly<Record<MessageKey, string>>;
