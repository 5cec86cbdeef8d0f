// Vietnamese catalogue: the default language and the source of the message keys.
export const vi = {
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

  'footer.license': 'Phần mềm mã nguồn mở, giấy phép AGPL-3.0.',
  'footer.api': 'Tài liệu API',
};

/** Every message key; the English catalogue must have exactly these. */
export type MessageKey = keyof typeof vi;
export type Catalogue = Readonly<Record<MessageKey, string>>;
