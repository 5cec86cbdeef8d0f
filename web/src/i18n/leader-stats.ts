// Messages of the officers' statistics page (#/can-bo/thong-ke) and of its XLSX and CSV files: the server
// writes the files' headers and notes from this same catalogue, so the files say what the screen says.
export const leaderStatsVi = {
  'leaderStats.title': 'Thống kê phản ánh, kiến nghị',
  'leaderStats.intro':
    'Số liệu tiếp nhận, xử lý, đúng hạn, quá hạn, trả lại và mức độ hài lòng của người phản ánh, tính trực tiếp đến thời điểm xem, trong phạm vi tài khoản của bạn được xem.',
  'leaderStats.loadingSession': 'Đang kiểm tra đăng nhập…',
  'leaderStats.needOfficer':
    'Trang này dành cho lãnh đạo và cán bộ. Vui lòng đăng nhập bằng tài khoản cán bộ để xem thống kê.',
  'leaderStats.forbidden':
    'Tài khoản của bạn không có quyền xem thống kê này. Thống kê dành cho lãnh đạo cơ quan, lãnh đạo tỉnh, cán bộ tiếp nhận, kiểm tra viên và quản trị hệ thống.',

  'leaderStats.filters': 'Chọn số liệu',
  'leaderStats.groupBy': 'Xem theo',
  'leaderStats.group.agency': 'Cơ quan xử lý',
  'leaderStats.group.category': 'Lĩnh vực',
  'leaderStats.group.area': 'Địa bàn',
  'leaderStats.group.status': 'Trạng thái',
  'leaderStats.group.month': 'Tháng',
  'leaderStats.by.agency': 'theo cơ quan xử lý',
  'leaderStats.by.category': 'theo lĩnh vực',
  'leaderStats.by.area': 'theo địa bàn',
  'leaderStats.by.status': 'theo trạng thái',
  'leaderStats.by.month': 'theo tháng',
  'leaderStats.agency': 'Cơ quan',
  'leaderStats.allAgencies': 'Tất cả cơ quan trong phạm vi',
  'leaderStats.category': 'Lĩnh vực',
  'leaderStats.allCategories': 'Tất cả lĩnh vực',
  'leaderStats.area': 'Địa bàn',
  'leaderStats.allAreas': 'Toàn tỉnh',
  'leaderStats.wholeArea': 'Toàn {name}',
  'leaderStats.apply': 'Xem số liệu',

  'leaderStats.col.received': 'Tiếp nhận',
  'leaderStats.col.rejected': 'Từ chối',
  'leaderStats.col.inProgress': 'Đang xử lý',
  'leaderStats.col.handled': 'Đã xử lý xong',
  'leaderStats.col.onTime': 'Đúng hạn',
  'leaderStats.col.late': 'Trễ hạn',
  'leaderStats.col.overdue': 'Đang quá hạn',
  'leaderStats.col.onTimePercent': 'Tỷ lệ đúng hạn (%)',
  'leaderStats.col.avgHandlingDays': 'Thời gian xử lý bình quân (ngày làm việc)',
  'leaderStats.col.returns': 'Trả lại',
  'leaderStats.col.rated': 'Được đánh giá',
  'leaderStats.col.satisfied': 'Hài lòng',
  'leaderStats.col.satisfactionPercent': 'Tỷ lệ hài lòng (%)',
  'leaderStats.total': 'Tổng cộng',

  'leaderStats.oneMonth': 'Tháng {month}',
  'leaderStats.range': 'Từ tháng {from} đến tháng {to}',
  'leaderStats.allTime': 'Toàn bộ thời gian',
  'leaderStats.scopeAll': 'Phạm vi: toàn tỉnh',
  'leaderStats.scopeUnits': 'Phạm vi: {units} và các đơn vị trực thuộc',
  'leaderStats.asOf': 'Số liệu tính đến {time}',
  'leaderStats.loading': 'Đang tải số liệu…',
  'leaderStats.error': 'Không tải được số liệu.',
  'leaderStats.retry': 'Thử lại',
  'leaderStats.empty': 'Không có phản ánh nào trong kỳ và phạm vi đã chọn.',
  'leaderStats.noFigure': 'không có số liệu',

  'leaderStats.summary': 'Tổng hợp',
  'leaderStats.tableTitle': 'Bảng số liệu {by}',
  'leaderStats.tableRegion': 'Bảng số liệu, cuộn ngang để xem hết các cột',
  'leaderStats.scrollHint': 'Trên điện thoại, vuốt ngang bảng để xem hết các cột.',
  'leaderStats.chartTitle': 'Biểu đồ',
  'leaderStats.chartMetric': 'Số liệu trên biểu đồ',
  'leaderStats.chartCaption': '{metric}, {by}',
  'leaderStats.chartFirst': 'Biểu đồ vẽ {count} dòng đầu của bảng; bảng có đủ các dòng.',

  'leaderStats.download': 'Tải về',
  'leaderStats.downloadHint':
    'Tệp tải về có đúng các dòng và số liệu của bảng trên, với kỳ và bộ lọc đang chọn.',
  'leaderStats.downloadXlsx': 'Tải bảng Excel (.xlsx)',
  'leaderStats.downloadCsv': 'Tải tệp CSV (.csv)',

  'leaderStats.howTitle': 'Cách tính',
  'leaderStats.how.period':
    'Kỳ số liệu tính theo ngày gửi phản ánh (giờ Việt Nam). Phản ánh trùng đã gộp được tính trong phản ánh gốc.',
  'leaderStats.how.progress':
    '“Đang xử lý” là phản ánh chưa có câu trả lời được lãnh đạo duyệt (kể cả phản ánh chờ tiếp nhận); “Đã xử lý xong” là phản ánh đã có câu trả lời được duyệt. Tiếp nhận = Từ chối + Đang xử lý + Đã xử lý xong.',
  'leaderStats.how.onTime':
    '“Đúng hạn” là phản ánh có câu trả lời được duyệt trước hạn giải quyết đầu tiên; trả lời trong thời gian gia hạn vẫn tính là trễ hạn. Tỷ lệ đúng hạn = Đúng hạn / (Đúng hạn + Trễ hạn).',
  'leaderStats.how.late':
    '“Trễ hạn” gồm phản ánh trả lời sau hạn đầu tiên và phản ánh chưa trả lời đã quá hạn; “Đang quá hạn” là những phản ánh chưa trả lời đã quá hạn lúc xem.',
  'leaderStats.how.days':
    'Thời gian xử lý tính bằng ngày làm việc, từ lúc gửi đến lúc câu trả lời được duyệt, chỉ tính giờ hành chính: không tính thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ bù theo lịch làm việc của tỉnh. Một ngày làm việc là trọn giờ hành chính của một ngày.',
  'leaderStats.how.returns':
    '“Trả lại” là số lần cơ quan trả lại phản ánh vì không thuộc thẩm quyền; khi xem theo cơ quan, số lần trả lại tính cho cơ quan đã trả lại.',
  'leaderStats.how.satisfaction':
    'Tỷ lệ hài lòng = số câu trả lời được người phản ánh đánh giá hài lòng / số câu trả lời được đánh giá.',
  'leaderStats.how.area':
    'Theo địa bàn: các đơn vị trực thuộc của địa bàn đã chọn (hoặc của tỉnh), theo địa giới hiện hành.',

  'leaderStats.file.sheet': 'Thống kê',
  'leaderStats.file.about': 'Thông tin',
  'leaderStats.file.period': 'Kỳ số liệu',
  'leaderStats.file.generatedAt': 'Lập lúc',
  'leaderStats.file.scope': 'Phạm vi',
  'leaderStats.file.everything': 'Toàn tỉnh',
  'leaderStats.file.under': '{units} và các đơn vị trực thuộc',
  'leaderStats.file.none': 'Tất cả',
} as const;

export const leaderStatsEn: Readonly<Record<keyof typeof leaderStatsVi, string>> = {
  'leaderStats.title': 'Report statistics',
  'leaderStats.intro':
    'Reports received, handled, on time, overdue and returned, and how satisfied the reporters were, computed live when you look, within what your account may see.',
  'leaderStats.loadingSession': 'Checking who is signed in…',
  'leaderStats.needOfficer':
    'This page is for leaders and officers. Please sign in with an officer account to see the statistics.',
  'leaderStats.forbidden':
    'Your account may not see these statistics. They are for agency leaders, provincial leaders, intake officers, auditors and system administrators.',

  'leaderStats.filters': 'Choose the figures',
  'leaderStats.groupBy': 'Group by',
  'leaderStats.group.agency': 'Handling agency',
  'leaderStats.group.category': 'Category',
  'leaderStats.group.area': 'Area',
  'leaderStats.group.status': 'Status',
  'leaderStats.group.month': 'Month',
  'leaderStats.by.agency': 'by handling agency',
  'leaderStats.by.category': 'by category',
  'leaderStats.by.area': 'by area',
  'leaderStats.by.status': 'by status',
  'leaderStats.by.month': 'by month',
  'leaderStats.agency': 'Agency',
  'leaderStats.allAgencies': 'Every agency you may see',
  'leaderStats.category': 'Category',
  'leaderStats.allCategories': 'Every category',
  'leaderStats.area': 'Area',
  'leaderStats.allAreas': 'The whole province',
  'leaderStats.wholeArea': 'All of {name}',
  'leaderStats.apply': 'Show figures',

  'leaderStats.col.received': 'Received',
  'leaderStats.col.rejected': 'Rejected',
  'leaderStats.col.inProgress': 'In progress',
  'leaderStats.col.handled': 'Handled',
  'leaderStats.col.onTime': 'On time',
  'leaderStats.col.late': 'Late',
  'leaderStats.col.overdue': 'Overdue now',
  'leaderStats.col.onTimePercent': 'On time (%)',
  'leaderStats.col.avgHandlingDays': 'Average handling time (working days)',
  'leaderStats.col.returns': 'Returned',
  'leaderStats.col.rated': 'Rated',
  'leaderStats.col.satisfied': 'Satisfied',
  'leaderStats.col.satisfactionPercent': 'Satisfied (%)',
  'leaderStats.total': 'Total',

  'leaderStats.oneMonth': '{month}',
  'leaderStats.range': '{from} to {to}',
  'leaderStats.allTime': 'All time',
  'leaderStats.scopeAll': 'Scope: the whole province',
  'leaderStats.scopeUnits': 'Scope: {units} and the units under it',
  'leaderStats.asOf': 'Figures as of {time} (Vietnam time)',
  'leaderStats.loading': 'Loading figures…',
  'leaderStats.error': 'Could not load the figures.',
  'leaderStats.retry': 'Try again',
  'leaderStats.empty': 'No report in the chosen period and scope.',
  'leaderStats.noFigure': 'no figure',

  'leaderStats.summary': 'Summary',
  'leaderStats.tableTitle': 'Figures {by}',
  'leaderStats.tableRegion': 'Table of figures, scroll sideways to see every column',
  'leaderStats.scrollHint': 'On a phone, swipe the table sideways to see every column.',
  'leaderStats.chartTitle': 'Chart',
  'leaderStats.chartMetric': 'Figure on the chart',
  'leaderStats.chartCaption': '{metric}, {by}',
  'leaderStats.chartFirst': 'The chart shows the first {count} rows of the table; the table has them all.',

  'leaderStats.download': 'Download',
  'leaderStats.downloadHint':
    'The files hold exactly the rows and figures of the table above, for the period and filters chosen.',
  'leaderStats.downloadXlsx': 'Download an Excel workbook (.xlsx)',
  'leaderStats.downloadCsv': 'Download a CSV file (.csv)',

  'leaderStats.howTitle': 'How the figures are counted',
  'leaderStats.how.period':
    'The period is by the day a report was sent (Vietnam time). A duplicate merged into another report counts in that report.',
  'leaderStats.how.progress':
    '"In progress": no answer approved by a leader yet (reports awaiting intake included); "Handled": an approved answer. Received = Rejected + In progress + Handled.',
  'leaderStats.how.onTime':
    '"On time": the answer was approved by the first due date; an answer within an extension counts as late. On time (%) = On time / (On time + Late).',
  'leaderStats.how.late':
    '"Late": answered after the first due date, or still unanswered past it; "Overdue now": the unanswered ones past their due date when you look.',
  'leaderStats.how.days':
    'Handling time is in working days, from sending to the approved answer, counting office hours only: no Saturdays, Sundays, public holidays, Tết or compensatory days off of the province’s calendar. A working day is one full day of office hours.',
  'leaderStats.how.returns':
    '"Returned": how many times an agency sent a report back as not its remit; by agency, a return counts for the agency that returned it.',
  'leaderStats.how.satisfaction': 'Satisfied (%) = answers the reporter rated satisfied / answers rated.',
  'leaderStats.how.area':
    'By area: the units directly under the chosen area (or under the province), as they are today.',

  'leaderStats.file.sheet': 'Statistics',
  'leaderStats.file.about': 'About',
  'leaderStats.file.period': 'Period',
  'leaderStats.file.generatedAt': 'Computed at',
  'leaderStats.file.scope': 'Scope',
  'leaderStats.file.everything': 'The whole province',
  'leaderStats.file.under': '{units} and the units under it',
  'leaderStats.file.none': 'All',
};
