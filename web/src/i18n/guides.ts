// Messages of the guides page (`#/huong-dan`); the guides' own text is content from the API.
export const guidesVi = {
  'guides.title': 'Hướng dẫn',
  'guides.intro': 'Hướng dẫn sử dụng hệ thống và giải đáp những câu hỏi thường gặp.',
  'guides.contents': 'Các hướng dẫn',
  'guides.faq': 'Câu hỏi thường gặp',
  'guides.loading': 'Đang tải hướng dẫn…',
  'guides.error': 'Không tải được hướng dẫn. Vui lòng kiểm tra kết nối mạng và thử lại.',
  'guides.retry': 'Thử lại',
  'guides.empty': 'Chưa có hướng dẫn nào.',
  'guides.top': 'Về đầu trang',
};

export const guidesEn: Readonly<Record<keyof typeof guidesVi, string>> = {
  'guides.title': 'Guides',
  'guides.intro': 'How to use the system, and answers to frequently asked questions.',
  'guides.contents': 'Guides',
  'guides.faq': 'Frequently asked questions',
  'guides.loading': 'Loading the guides…',
  'guides.error': 'The guides could not be loaded. Please check your network connection and try again.',
  'guides.retry': 'Try again',
  'guides.empty': 'There are no guides yet.',
  'guides.top': 'Back to top',
};
