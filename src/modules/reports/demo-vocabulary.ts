// The words and places of generated reports (demo-reports.ts): Vietnamese description templates per
// category, street and landmark names, reporters' names, and where people live in the demo province.
//
// Everything here is synthetic: the places are the demo data set's areas (data-demo/areas.json) with
// approximate coordinates of their centres, used only to spread generated points the way people are spread
// (dense in towns, sparse in the hills). They are not a gazetteer and are not loaded into the database.

/** A text with a relative weight: how often it is chosen among its siblings (1 when left out). */
export interface Weighted<T> {
  value: T;
  weight: number;
}

/**
 * How often each category is reported, in percent. Bắc Ninh's top fields (vietnam-pakn.md §1.2: urban
 * order, traffic safety, construction, sanitation) and HCM City 1022's list put urban order, roads and the
 * environment first; thematic categories (education, consumer protection) are rare.
 */
export const CATEGORY_WEIGHTS: Readonly<Record<string, number>> = {
  'trat-tu-do-thi': 18,
  'giao-thong-ha-tang': 12,
  've-sinh-moi-truong-rac-thai': 11,
  'an-toan-giao-thong': 10,
  'xay-dung': 8,
  'o-nhiem': 6,
  'chieu-sang-cong-cong': 5,
  'cay-xanh': 4,
  'thoat-nuoc-ngap-ung': 4,
  'cap-nuoc': 3,
  'dien-luc': 3,
  'dat-dai': 3,
  'giao-thong-ha-tang.den-tin-hieu': 2,
  'an-ninh-trat-tu': 2,
  'thu-tuc-hanh-chinh': 2,
  khac: 2,
  'vien-thong-internet': 1.5,
  'y-te-an-toan-thuc-pham': 1.5,
  'bao-ve-nguoi-tieu-dung': 1,
  'giao-duc': 1,
  'van-tai-hanh-khach-cong-cong': 0.8,
  'doanh-nghiep-chinh-sach': 0.7,
  'thien-tai-cuu-ho': 0.5,
};

/**
 * Description templates per category slug. Slots: {street} a road of the place, {place} the commune or ward
 * with its kind ("phường Trần Phú"), {landmark} something people name ("cổng chợ"), {since} how long it has
 * lasted. A category missing here uses `khac`'s general templates.
 */
export const TEMPLATES: Readonly<Record<string, readonly (string | Weighted<string>)[]>> = {
  'trat-tu-do-thi': [
    'Nhiều hộ kinh doanh lấn chiếm vỉa hè trên đường {street}, {place}, người đi bộ phải đi xuống lòng đường.',
    'Hàng quán bày bán tràn ra lòng đường khu vực {landmark}, {place}, gây ùn tắc vào giờ tan tầm.',
    'Xe ô tô đỗ trên vỉa hè, chắn hết lối đi trước {landmark} trên đường {street} {since}.',
    'Biển quảng cáo dựng trái phép trên vỉa hè đường {street}, {place}, có nguy cơ đổ khi có gió lớn.',
    'Chợ tạm họp tự phát dưới lòng đường gần {landmark}, {place}, gây mất trật tự và ùn tắc.',
  ],
  'giao-thong-ha-tang': [
    'Ổ gà lớn trên đường {street}, {place}, xe máy đi qua rất nguy hiểm, nhất là buổi tối.',
    'Mặt đường {street} đoạn gần {landmark} bị sụt lún, nứt vỡ {since}, trời mưa đọng nước thành vũng sâu.',
    'Nắp hố ga trên đường {street}, {place} bị vỡ, để hở rất nguy hiểm cho người đi đường.',
    'Cầu dân sinh ở {place} bị hỏng lan can, người dân và học sinh qua lại không an toàn.',
    'Đường {street} đang thi công nhưng không có rào chắn và biển báo, đất đá vương vãi khắp mặt đường.',
  ],
  'giao-thong-ha-tang.den-tin-hieu': [
    'Đèn tín hiệu giao thông tại ngã tư đường {street}, {place} bị hỏng {since}, chỉ nhấp nháy vàng.',
    'Cột đèn tín hiệu ở nút giao gần {landmark} bị nghiêng, đèn đỏ không sáng.',
  ],
  'an-toan-giao-thong': [
    'Xe tải chở đất đá quá tải chạy tốc độ cao trên đường {street}, {place}, làm rơi vãi đất ra đường.',
    'Biển báo hạn chế tốc độ trên đường {street} gần {landmark} bị cây che khuất, nhiều xe chạy quá nhanh.',
    'Thanh thiếu niên tụ tập đua xe máy vào ban đêm trên đường {street}, {place}, gây mất an toàn.',
    'Dải phân cách trên đường {street} bị tự ý mở lối đi tắt, đã xảy ra va chạm {since}.',
  ],
  'chieu-sang-cong-cong': [
    'Đèn đường trên tuyến {street}, {place} không sáng {since}, buổi tối rất tối và nguy hiểm.',
    'Cột đèn chiếu sáng gần {landmark} bị chập điện, có tia lửa khi trời mưa.',
  ],
  'cay-xanh': [
    'Cây xanh trên vỉa hè đường {street}, {place} bị nghiêng, có nguy cơ đổ vào nhà dân khi mưa bão.',
    'Cành cây khô lớn gần {landmark} có thể gãy rơi xuống người đi đường.',
    'Cây đổ chắn ngang đường {street} sau cơn mưa {since}, vẫn chưa được dọn.',
  ],
  'cap-nuoc': [
    'Khu dân cư ở {place} bị mất nước sinh hoạt {since}, chưa có thông báo của đơn vị cấp nước.',
    'Đường ống nước bị vỡ trên đường {street} gần {landmark}, nước chảy lênh láng ra đường.',
    'Nước máy ở {place} có mùi lạ và màu đục, người dân không dám dùng.',
  ],
  'thoat-nuoc-ngap-ung': [
    'Mỗi khi mưa lớn, đường {street}, {place} ngập sâu vì cống thoát nước bị tắc {since}.',
    'Rãnh thoát nước gần {landmark} bị lấp đầy rác, nước thải ứ đọng bốc mùi hôi.',
  ],
  've-sinh-moi-truong-rac-thai': [
    'Rác thải sinh hoạt tập kết bừa bãi ven đường {street}, {place}, bốc mùi hôi thối {since}.',
    'Điểm tập kết rác gần {landmark} không được thu gom {since}, ruồi muỗi rất nhiều.',
    'Có người đổ trộm phế thải xây dựng và rác thải ra bãi đất trống ở {place}.',
    'Xe thu gom rác làm rơi vãi nước rỉ rác dọc đường {street}, {place}.',
  ],
  'o-nhiem': [
    'Cơ sở sản xuất gần {landmark}, {place} xả khói đen và mùi khét vào ban đêm, người dân khó thở.',
    'Nước thải từ trại chăn nuôi lợn ở {place} chảy thẳng ra mương, gây ô nhiễm nặng.',
    'Tiếng ồn từ xưởng cơ khí trên đường {street} kéo dài đến khuya {since}.',
    'Người dân đốt rơm rạ và rác thải gây khói mù mịt khu vực {place}.',
  ],
  'xay-dung': [
    'Công trình xây dựng trên đường {street}, {place} không che chắn, vật liệu rơi vãi xuống đường.',
    'Nhà dân xây dựng lấn chiếm hành lang an toàn giao thông gần {landmark}, {place}.',
    'Công trình đang xây dựng không có giấy phép tại {place}, làm nứt tường nhà bên cạnh.',
  ],
  'dat-dai': [
    'Có hộ dân san lấp, lấn chiếm đất công gần {landmark}, {place}.',
    'Đất nông nghiệp ở {place} bị tự ý chuyển mục đích sử dụng để xây nhà xưởng.',
  ],
  'dien-luc': [
    'Khu vực {place} bị mất điện {since} mà không có thông báo trước.',
    'Dây điện trên đường {street} bị võng thấp, xe tải đi qua có thể vướng.',
    'Cột điện gần {landmark} bị nghiêng sau mưa bão, dây điện chùng xuống sát mặt đất.',
  ],
  'vien-thong-internet': [
    'Dây cáp viễn thông bị đứt, treo lơ lửng trên đường {street}, {place}.',
    'Sóng điện thoại và Internet ở {place} rất yếu {since}.',
  ],
  'van-tai-hanh-khach-cong-cong': [
    'Xe buýt tuyến qua {place} thường xuyên bỏ điểm dừng gần {landmark}.',
    'Xe khách dừng đón trả khách sai quy định trên đường {street}, {place}.',
  ],
  'an-ninh-trat-tu': [
    'Nhóm thanh niên tụ tập gây gổ, mất trật tự vào ban đêm gần {landmark}, {place}.',
    'Nghi có hoạt động cờ bạc tại một quán nước ở {place} {since}.',
  ],
  'y-te-an-toan-thuc-pham': [
    'Cơ sở kinh doanh thực phẩm gần {landmark}, {place} không đảm bảo vệ sinh, bày bán thực phẩm không rõ nguồn gốc.',
    'Quán ăn trên đường {street} thải nước thải và dầu mỡ ra rãnh thoát nước.',
  ],
  'bao-ve-nguoi-tieu-dung': [
    'Cửa hàng trên đường {street}, {place} bán hàng không niêm yết giá, có dấu hiệu hàng giả.',
  ],
  'giao-duc': [
    'Trường học ở {place} thu các khoản ngoài quy định đầu năm học.',
    'Khu vực cổng trường gần {landmark} thường xuyên ùn tắc giờ tan học, không có người phân luồng.',
  ],
  'thu-tuc-hanh-chinh': [
    'Hồ sơ cấp giấy chứng nhận quyền sử dụng đất nộp tại bộ phận một cửa {place} đã quá hạn nhưng chưa được trả kết quả.',
    'Cán bộ bộ phận tiếp nhận hồ sơ ở {place} yêu cầu bổ sung giấy tờ không có trong quy định.',
  ],
  'doanh-nghiep-chinh-sach': [
    'Doanh nghiệp tại {place} gặp khó khăn về thủ tục thuê đất, đề nghị được hướng dẫn.',
    'Doanh nghiệp phản ánh việc cấp điện cho nhà xưởng tại {place} chậm so với cam kết.',
  ],
  'thien-tai-cuu-ho': [
    'Sạt lở đất taluy dương trên đường {street}, {place} sau mưa lớn, đất đá tràn xuống mặt đường.',
    'Nước lũ dâng cao làm ngập đường vào {place}, nhiều hộ dân bị cô lập.',
  ],
  khac: [
    { value: 'Chó thả rông không rọ mõm trên đường {street}, {place}, đã có người bị cắn.', weight: 3 },
    {
      value: 'Đề nghị lắp thêm ghế đá và đèn chiếu sáng tại khu vui chơi gần {landmark}, {place}.',
      weight: 3,
    },
    // Deliberately rare (about 1 report in 3,000): the benchmark's rare search word.
    {
      value: 'Phát hiện rắn hổ mang bò vào khu dân cư gần {landmark}, {place}, đề nghị hỗ trợ bắt.',
      weight: 0.1,
    },
  ],
};

/** Closing sentences people add; the empty string (no closing) is the most common. */
export const CLOSINGS: readonly Weighted<string>[] = [
  { value: '', weight: 4 },
  { value: 'Đề nghị cơ quan chức năng sớm kiểm tra, xử lý.', weight: 3 },
  { value: 'Mong chính quyền quan tâm giải quyết dứt điểm.', weight: 2 },
  { value: 'Người dân đã phản ánh nhiều lần nhưng chưa được khắc phục.', weight: 1 },
  { value: 'Rất mong được xử lý trước mùa mưa bão.', weight: 0.5 },
  { value: 'Xin cảm ơn!', weight: 1 },
];

export const SINCE: readonly string[] = [
  'từ tuần trước',
  'đã ba ngày nay',
  'từ sáng nay',
  'nhiều tháng nay',
  'từ đầu tháng',
  'suốt mấy hôm nay',
  'từ tối qua',
];

export const LANDMARKS: readonly string[] = [
  'cổng chợ',
  'cổng trường tiểu học',
  'trạm y tế',
  'nhà văn hóa thôn',
  'ngã tư',
  'cây xăng',
  'UBND xã',
  'bến xe',
  'chùa làng',
  'cầu máng',
  'khu tái định cư',
  'cổng khu công nghiệp',
];

/** Streets of the provincial city, roads through towns, and roads of rural communes. */
export const CITY_STREETS: readonly string[] = [
  'Lê Lợi',
  'Hoàng Văn Thụ',
  'Nguyễn Văn Cừ',
  'Xương Giang',
  'Ngô Gia Tự',
  'Trần Nguyên Hãn',
  'Hùng Vương',
  'Nguyễn Thị Minh Khai',
  'Lê Lai',
  'Giáp Hải',
  'Thân Nhân Trung',
  'Nguyễn Khắc Nhu',
  'Trần Quang Khải',
  'Lý Thái Tổ',
];
export const TOWN_STREETS: readonly string[] = [
  'Quốc lộ 1',
  'Quốc lộ 31',
  'Quốc lộ 37',
  'Quốc lộ 17',
  'Đường tỉnh 398',
  'Đường tỉnh 295',
  'Hùng Vương',
  'Trần Phú',
  'Lê Duẩn',
];
export const RURAL_ROADS: readonly string[] = [
  'liên xã',
  'trục thôn Đông',
  'trục thôn Trung',
  'bê tông thôn Hạ',
  'vào thôn Chùa',
  'ven đê',
  'Quốc lộ 31',
  'Đường tỉnh 293',
];

export const REJECT_REASONS: readonly string[] = [
  'Nội dung không thuộc phạm vi tiếp nhận của hệ thống',
  'Không đủ thông tin để xác minh',
  'Nội dung trùng lặp đã được giải quyết',
  'Phản ánh có ngôn từ không phù hợp',
];

export const FAMILY_NAMES: readonly string[] = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Vũ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Ngô',
  'Dương',
  'Giáp',
  'Thân',
];
export const MIDDLE_NAMES: readonly string[] = [
  'Văn',
  'Thị',
  'Đức',
  'Minh',
  'Thu',
  'Ngọc',
  'Quang',
  'Thanh',
  'Hữu',
];
export const GIVEN_NAMES: readonly string[] = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Hà',
  'Hải',
  'Hạnh',
  'Hoa',
  'Hùng',
  'Hương',
  'Lan',
  'Linh',
  'Long',
  'Mai',
  'Nam',
  'Ngân',
  'Phương',
  'Quân',
  'Sơn',
  'Thảo',
  'Trang',
  'Tuấn',
  'Yến',
];

/** What a cluster of people is: the provincial city, a district town, or a rural commune. */
export type Settlement = 'city' | 'town' | 'rural';

export interface Place {
  /** The demo area's slug (data-demo/areas.json). */
  slug: string;
  /** Approximate centre, degrees. */
  lat: number;
  lon: number;
  settlement: Settlement;
  /** Relative share of the province's reports: roughly people × how online they are. */
  weight: number;
}

/**
 * Approximate centres of the demo communes and wards (rounded, from general maps; good to a kilometre or
 * two). The provincial city takes about a third of the reports, district towns most of the rest.
 */
export const PLACES: readonly Place[] = [
  { slug: 'bac-giang.tp-bac-giang.tran-phu', lat: 21.274, lon: 106.196, settlement: 'city', weight: 8 },
  { slug: 'bac-giang.tp-bac-giang.ngo-quyen', lat: 21.277, lon: 106.201, settlement: 'city', weight: 7 },
  { slug: 'bac-giang.tp-bac-giang.hoang-van-thu', lat: 21.281, lon: 106.191, settlement: 'city', weight: 7 },
  { slug: 'bac-giang.tp-bac-giang.le-loi', lat: 21.268, lon: 106.201, settlement: 'city', weight: 6 },
  { slug: 'bac-giang.tp-bac-giang.tho-xuong', lat: 21.285, lon: 106.184, settlement: 'city', weight: 5 },
  { slug: 'bac-giang.yen-the.bo-ha', lat: 21.452, lon: 106.138, settlement: 'town', weight: 2.5 },
  { slug: 'bac-giang.yen-the.tam-tien', lat: 21.53, lon: 106.24, settlement: 'rural', weight: 0.6 },
  { slug: 'bac-giang.yen-the.xuan-luong', lat: 21.58, lon: 106.1, settlement: 'rural', weight: 0.5 },
  { slug: 'bac-giang.yen-the.dong-ky', lat: 21.47, lon: 106.18, settlement: 'rural', weight: 0.7 },
  { slug: 'bac-giang.tan-yen.cao-thuong', lat: 21.387, lon: 106.122, settlement: 'town', weight: 3 },
  { slug: 'bac-giang.tan-yen.nha-nam', lat: 21.432, lon: 106.099, settlement: 'town', weight: 1.5 },
  { slug: 'bac-giang.tan-yen.ngoc-thien', lat: 21.37, lon: 106.07, settlement: 'rural', weight: 0.7 },
  { slug: 'bac-giang.tan-yen.viet-lap', lat: 21.36, lon: 106.16, settlement: 'rural', weight: 0.6 },
  { slug: 'bac-giang.lang-giang.voi', lat: 21.358, lon: 106.25, settlement: 'town', weight: 3 },
  { slug: 'bac-giang.lang-giang.kep', lat: 21.403, lon: 106.287, settlement: 'town', weight: 2 },
  { slug: 'bac-giang.lang-giang.tan-dinh', lat: 21.33, lon: 106.22, settlement: 'rural', weight: 0.9 },
  { slug: 'bac-giang.lang-giang.xuong-lam', lat: 21.36, lon: 106.29, settlement: 'rural', weight: 0.6 },
  { slug: 'bac-giang.luc-nam.doi-ngo', lat: 21.304, lon: 106.385, settlement: 'town', weight: 2.5 },
  { slug: 'bac-giang.luc-nam.bao-son', lat: 21.37, lon: 106.43, settlement: 'rural', weight: 0.5 },
  { slug: 'bac-giang.luc-nam.cuong-son', lat: 21.27, lon: 106.44, settlement: 'rural', weight: 0.5 },
  { slug: 'bac-giang.luc-nam.luc-son', lat: 21.25, lon: 106.55, settlement: 'rural', weight: 0.4 },
  { slug: 'bac-giang.luc-ngan.chu', lat: 21.372, lon: 106.587, settlement: 'town', weight: 2.5 },
  { slug: 'bac-giang.luc-ngan.kien-lao', lat: 21.44, lon: 106.6, settlement: 'rural', weight: 0.5 },
  { slug: 'bac-giang.luc-ngan.bien-dong', lat: 21.32, lon: 106.62, settlement: 'rural', weight: 0.4 },
  { slug: 'bac-giang.luc-ngan.nam-duong', lat: 21.35, lon: 106.68, settlement: 'rural', weight: 0.4 },
  { slug: 'bac-giang.luc-ngan.phuong-son', lat: 21.33, lon: 106.57, settlement: 'rural', weight: 0.5 },
  { slug: 'bac-giang.son-dong.an-chau', lat: 21.334, lon: 106.854, settlement: 'town', weight: 1.2 },
  { slug: 'bac-giang.son-dong.cam-dan', lat: 21.31, lon: 106.8, settlement: 'rural', weight: 0.3 },
  { slug: 'bac-giang.son-dong.tuan-dao', lat: 21.27, lon: 106.96, settlement: 'rural', weight: 0.2 },
  { slug: 'bac-giang.son-dong.long-son', lat: 21.23, lon: 106.79, settlement: 'rural', weight: 0.2 },
  { slug: 'bac-giang.yen-dung.lang-son', lat: 21.23, lon: 106.16, settlement: 'rural', weight: 0.8 },
  { slug: 'bac-giang.yen-dung.tri-yen', lat: 21.25, lon: 106.27, settlement: 'rural', weight: 0.6 },
  { slug: 'bac-giang.yen-dung.duc-giang', lat: 21.19, lon: 106.25, settlement: 'rural', weight: 0.6 },
  { slug: 'bac-giang.yen-dung.tu-mai', lat: 21.21, lon: 106.31, settlement: 'rural', weight: 0.5 },
  { slug: 'bac-giang.viet-yen.bich-dong', lat: 21.272, lon: 106.095, settlement: 'town', weight: 3 },
  { slug: 'bac-giang.viet-yen.nenh', lat: 21.249, lon: 106.11, settlement: 'town', weight: 2.5 },
  { slug: 'bac-giang.viet-yen.van-ha', lat: 21.23, lon: 106.05, settlement: 'rural', weight: 0.7 },
  { slug: 'bac-giang.viet-yen.quang-chau', lat: 21.22, lon: 106.0, settlement: 'rural', weight: 1.2 },
  { slug: 'bac-giang.viet-yen.tien-son', lat: 21.28, lon: 106.04, settlement: 'rural', weight: 0.6 },
  { slug: 'bac-giang.hiep-hoa.thang', lat: 21.351, lon: 105.974, settlement: 'town', weight: 2.5 },
  { slug: 'bac-giang.hiep-hoa.hoang-van', lat: 21.41, lon: 105.96, settlement: 'rural', weight: 0.6 },
  { slug: 'bac-giang.hiep-hoa.xuan-cam', lat: 21.26, lon: 105.93, settlement: 'rural', weight: 0.6 },
  { slug: 'bac-giang.hiep-hoa.mai-dinh', lat: 21.3, lon: 105.95, settlement: 'rural', weight: 0.5 },
];

/** Spread (standard deviation, degrees; 0.01° ≈ 1.1 km) of reports around a place's centre. */
export const SPREAD: Readonly<Record<Settlement, number>> = { city: 0.007, town: 0.01, rural: 0.02 };
